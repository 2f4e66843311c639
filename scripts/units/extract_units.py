#!/usr/bin/env python3
"""Extract Vietnamese administrative units (post-1 July 2025, two-tier) from a
local bare-git snapshot of github.com/thanglequoc/vietnamese-provinces-database.

Usage:  python3 extract_units.py GIT_DIR [OUT_DIR]
GIT_DIR: a bare clone of the repository; OUT_DIR: where to write (default: the current directory).
Then `npx tsx scripts/units/build-units.ts OUT_DIR` writes the compact data the app ships.

Reads (via `git show`, no work tree needed):
  HEAD   : json/full_json_generated_data_vn_units_<date>.json      (current data)
  v3.0.2 : json/full_json_generated_data_vn_units.json             (QĐ 19/2025/QĐ-TTg, 1 Jul 2025)
  v2.4.1 : json/simplified_json_generated_data_vn_units.json       (pre-merger 63 provinces / 696 districts)
  HEAD   : dataset-generation-scripts/sapnhap-bando-crawler/donvi_tinhthanh.json
           (per new unit: free-text "truocsapnhap" = units it was formed from,
            scraped from sapnhap.bando.com.vn; the repo itself marks that crawl "(unverified)")
  HEAD   : LICENSE

Writes into OUT_DIR:
  provinces.json / provinces.csv                 current (HEAD) 34 provinces
  communes.json  / communes.csv                  current (HEAD) 3,321 communes
  provinces_qd19_2025.json / communes_qd19_2025.json   as at 1 Jul 2025 (tag v3.0.2)
  changes_qd19_2025_to_head.json                  differences between the two
  old_to_new_mapping.json / old_to_new_mapping.csv  DERIVED old commune -> new commune
  LICENSE.thanglequoc-vietnamese-provinces-database.txt  (verbatim)
  source.json                                     commits / data dates used
Only the Python standard library is used.
"""
import csv
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict

if len(sys.argv) < 2:
    sys.exit("usage: python3 extract_units.py GIT_DIR [OUT_DIR]")
GIT_DIR = sys.argv[1]
OUT = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.getcwd()


def git(*args):
    return subprocess.run(["git", "--git-dir", GIT_DIR, *args], check=True,
                          capture_output=True).stdout


def show(rev, path):
    return json.loads(git("show", f"{rev}:{path}").decode("utf-8"))


def rev(r):
    return git("rev-list", "-n1", r).decode().strip()


def commit_date(r):
    return git("log", "-1", "--format=%ad", "--date=iso-strict", r).decode().strip()


UNIT_TYPE = {1: "thành phố trực thuộc trung ương", 2: "tỉnh",
             3: "phường", 4: "xã", 5: "đặc khu"}
UNIT_TYPE_EN = {1: "municipality", 2: "province", 3: "ward", 4: "commune",
                5: "special_zone"}


def dump(name, obj):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def dump_csv(name, rows, fields):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("|".join(map(str, r[k])) if isinstance(r.get(k), list) else r.get(k))
                        for k in fields})


def flatten(full):
    provinces, communes = [], []
    for p in full:
        provinces.append({
            "code": p["Code"], "name": p["Name"], "full_name": p["FullName"],
            "name_en": p["NameEn"], "full_name_en": p["FullNameEn"],
            "code_name": p["CodeName"],
            "type": UNIT_TYPE[p["AdministrativeUnitId"]],
            "type_en": UNIT_TYPE_EN[p["AdministrativeUnitId"]],
            "commune_count": len(p["Wards"]),
        })
        for w in p["Wards"]:
            communes.append({
                "code": w["Code"], "name": w["Name"], "full_name": w["FullName"],
                "name_en": w["NameEn"], "full_name_en": w["FullNameEn"],
                "code_name": w["CodeName"],
                "type": UNIT_TYPE[w["AdministrativeUnitId"]],
                "type_en": UNIT_TYPE_EN[w["AdministrativeUnitId"]],
                "province_code": w["ProvinceCode"],
            })
    provinces.sort(key=lambda r: r["code"])
    communes.sort(key=lambda r: r["code"])
    return provinces, communes


# ---------------------------------------------------------------- name keys
TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


def key(s):
    """Compare Vietnamese names ignoring case, Unicode form and tone-mark
    *placement* (Hòa == Hoà, Thủy == Thuỷ), but not ignoring the tone itself."""
    s = unicodedata.normalize("NFD", s.replace("\u00a0", " ")).lower()
    out = []
    for syl in re.split(r"[\s\-–]+", s.strip()):
        tone = "".join(TONES[c] for c in syl if c in TONES)
        base = "".join(c for c in syl if c not in TONES)
        out.append(unicodedata.normalize("NFC", base) + tone)
    return " ".join(x for x in out if x)


def loose(s):
    """Fallback key: drop every diacritic (đ -> d). Only used when key() finds nothing."""
    s = unicodedata.normalize("NFD", s.replace("\u00a0", " ")).lower().replace("đ", "d")
    s = "".join(c for c in s if not unicodedata.combining(c))
    return " ".join(re.split(r"[\s\-–’']+", s.strip()))


TYPE_WORDS = r"(phường|xã|thị trấn|huyện)"
DIST_RE = re.compile(r"^(quận|huyện|thị xã|thành phố)\s+(.+)$", re.I)


def split_top(s):
    out, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch in ",;" and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def parse_sources(text):
    """Yield dicts {type, name, district_hint, partial} from a truocsapnhap text."""
    res = []
    text = unicodedata.normalize("NFC", text.replace("\u00a0", " "))
    for item in split_top(text):
        parens = re.findall(r"\(([^()]*)\)", item)
        base = re.sub(r"\([^()]*\)", " ", item)
        partial = bool(re.search(r"một phần|phần còn lại|phần diện tích", item, re.I))
        dist = None
        for p in parens:
            m = DIST_RE.match(p.strip())
            if m:
                dist = p.strip()
        pos = [m for m in re.finditer(r"(?i)(?<![\wÀ-ỹ])" + TYPE_WORDS + r"(?![\wÀ-ỹ])", base)]
        for i, m in enumerate(pos):
            end = pos[i + 1].start() if i + 1 < len(pos) else len(base)
            name = base[m.end():end]
            name = re.split(r"\s+và\s+|\s+của\s+|\s+sau khi\s+|\.", name)[0].strip(" -:")
            if not name or not (name[0].isupper() or name[0].isdigit()):
                continue
            res.append({"type": m.group(1).lower(), "name": name,
                        "district_hint": dist if i == len(pos) - 1 else None,
                        "partial": partial})
    return res


def main():
    head, v302, v241 = rev("HEAD"), rev("v3.0.2"), rev("v2.4.1")
    head_json = [p for p in git("ls-tree", "--name-only", "HEAD", "json/").decode().split("\n")
                 if p.startswith("json/full_json_generated_data_vn_units")][0]

    prov, comm = flatten(show("HEAD", head_json))
    prov19, comm19 = flatten(show("v3.0.2", "json/full_json_generated_data_vn_units.json"))
    pf = ["code", "name", "full_name", "type", "name_en", "full_name_en", "code_name", "commune_count"]
    cf = ["code", "name", "full_name", "type", "province_code", "name_en", "full_name_en", "code_name"]
    dump("provinces.json", prov); dump_csv("provinces.csv", prov, pf)
    dump("communes.json", comm); dump_csv("communes.csv", comm, cf)
    dump("provinces_qd19_2025.json", prov19); dump_csv("provinces_qd19_2025.csv", prov19, pf)
    dump("communes_qd19_2025.json", comm19); dump_csv("communes_qd19_2025.csv", comm19, cf)

    # ------------------------------------------------ diff v3.0.2 -> HEAD
    a = {c["code"]: c for c in comm19}; b = {c["code"]: c for c in comm}
    pa = {p["code"]: p for p in prov19}; pb = {p["code"]: p for p in prov}
    changes = {
        "added": sorted(set(b) - set(a)), "removed": sorted(set(a) - set(b)),
        "province_changes": [{"code": k, "qd19": {f: pa[k][f] for f in ("full_name", "type")},
                              "head": {f: pb[k][f] for f in ("full_name", "type")}}
                             for k in sorted(pa) if (pa[k]["full_name"], pa[k]["type"]) != (pb[k]["full_name"], pb[k]["type"])],
        "type_changes": [{"code": k, "qd19": a[k]["full_name"], "head": b[k]["full_name"],
                          "type_qd19": a[k]["type"], "type_head": b[k]["type"]}
                         for k in sorted(a) if k in b and a[k]["type"] != b[k]["type"]],
        "spelling_only_changes": [{"code": k, "qd19": a[k]["full_name"], "head": b[k]["full_name"]}
                                  for k in sorted(a) if k in b and a[k]["type"] == b[k]["type"]
                                  and a[k]["full_name"] != b[k]["full_name"]],
    }
    dump("changes_qd19_2025_to_head.json", changes)

    # ------------------------------------------------ old -> new (derived)
    old = show("v2.4.1", "json/simplified_json_generated_data_vn_units.json")
    old_wards, old_prov_by_key = [], {}
    for p in old:
        old_prov_by_key[key(p["Name"])] = p["Code"]
        for d in p["District"]:
            for w in d["Ward"] or []:
                old_wards.append({"old_code": w["Code"], "old_full_name": w["FullName"],
                                  "old_district_code": d["Code"], "old_district": d["FullName"],
                                  "old_province_code": p["Code"], "old_province": p["FullName"]})
    by_prov_key = defaultdict(list)
    for w in old_wards:
        by_prov_key[(w["old_province_code"], key(w["old_full_name"]))].append(w)
    by_key = defaultdict(list)
    for w in old_wards:
        by_key[key(w["old_full_name"])].append(w)

    dv = show("HEAD", "dataset-generation-scripts/sapnhap-bando-crawler/donvi_tinhthanh.json")
    constituents = {}
    for u in dv:
        if u["magoc"] != "0":
            continue
        t = u["truocsapnhap"].split(".")[0]
        if t.strip().lower() == "giữ nguyên":
            constituents[u["ma"]] = [u["ma"]]
            continue
        t = t.replace("TPHCM", "thành phố Hồ Chí Minh")
        found = []
        for part in re.split(r",|\s+và\s+", t):
            part = re.sub(r"^\s*(tỉnh|thành phố)\s+", "", part.strip(), flags=re.I)
            if key(part) in old_prov_by_key:
                found.append(old_prov_by_key[key(part)])
        constituents[u["ma"]] = found
    new_by_code = {c["code"]: c for c in comm}
    old_by_code = {w["old_code"]: w for w in old_wards}

    by_prov_loose = defaultdict(list)
    for w in old_wards:
        by_prov_loose[(w["old_province_code"], loose(w["old_full_name"]))].append(w)
    old_districts = {}
    for p in old:
        for d in p["District"]:
            old_districts[(p["Code"], key(d["FullName"]))] = {
                "old_district_code": d["Code"], "old_district": d["FullName"],
                "old_province_code": p["Code"], "old_province": p["FullName"]}

    rows, stats = [], Counter()
    for u in dv:
        if u["magoc"] == "0":
            continue
        new = new_by_code.get(u["ma"])
        cons = constituents.get(u["magoc"], [])
        txt = u["truocsapnhap"].strip()
        if txt.lower() == "giữ nguyên":
            w = old_by_code.get(u["ma"])
            srcs = [{"type": "", "name": "", "district_hint": None, "partial": False,
                     "cands": [w] if w else [], "how": "unchanged ('giữ nguyên'), same code"}]
        else:
            srcs = parse_sources(txt)
        if not srcs:
            stats["new_unit_with_no_parsed_source"] += 1
        # pass 1: candidates per source
        for s in srcs:
            if "cands" in s:
                continue
            if s["type"] == "huyện":  # whole old district (island districts -> đặc khu)
                d = [old_districts[(pc, key("huyện " + s["name"]))] for pc in cons
                     if (pc, key("huyện " + s["name"])) in old_districts]
                s["cands"] = [dict(x, old_code=None, old_full_name=None) for x in d]
                s["how"] = "whole old district"
                continue
            k = key(s["type"] + " " + s["name"])
            cands = [w for pc in cons for w in by_prov_key.get((pc, k), [])]
            how = "name within constituent old provinces"
            if not cands:
                lk = loose(s["type"] + " " + s["name"])
                cands = [w for pc in cons for w in by_prov_loose.get((pc, lk), [])]
                how = "name ignoring all diacritics, within constituent old provinces"
            if len(cands) > 1 and s["district_hint"]:
                dk = key(s["district_hint"])
                narrowed = [w for w in cands if key(w["old_district"]) == dk]
                if narrowed:
                    cands, how = narrowed, how + " + district hint"
            if len(cands) > 1:
                same = [w for w in cands if w["old_code"] == u["ma"]]
                if same:
                    cands, how = same, how + " + same code as new unit"
            if not cands:
                cands = by_key.get(k, [])
                how = "name, nationwide fallback"
            s["cands"], s["how"] = cands, how
        # pass 2: narrow remaining ambiguities to districts used by siblings / hints
        sib = set()
        for s in srcs:
            if s.get("district_hint"):
                sib.add(key(s["district_hint"]))
            if len(s["cands"]) == 1 and s["cands"][0].get("old_district"):
                sib.add(key(s["cands"][0]["old_district"]))
        for s in srcs:
            if len(s["cands"]) > 1:
                narrowed = [w for w in s["cands"] if key(w["old_district"]) in sib]
                if len(narrowed) == 1:
                    s["cands"], s["how"] = narrowed, s["how"] + " + sibling district"
        for s in srcs:
            cands = s["cands"]
            status = "matched" if len(cands) == 1 else ("ambiguous" if cands else "unmatched")
            if cands and s["how"].startswith("name, nationwide"):
                status = "weak_nationwide_guess"  # outside the constituent old provinces: likely wrong
            stats[status] += 1
            for w in (cands or [None]):
                rows.append({
                    "new_code": u["ma"],
                    "new_full_name": new["full_name"] if new else u["ten"],
                    "new_province_code": u["magoc"],
                    "old_code": w["old_code"] if w else None,
                    "old_full_name": w["old_full_name"] if w else (s["type"].capitalize() + " " + s["name"]).strip(),
                    "old_district_code": w["old_district_code"] if w else None,
                    "old_district": w["old_district"] if w else s["district_hint"],
                    "old_province_code": w["old_province_code"] if w else None,
                    "old_province": w["old_province"] if w else None,
                    "partial": s["partial"],
                    "status": status,
                    "method": s["how"],
                })
    rows.sort(key=lambda r: (r["new_code"], r["old_code"] or "~"))
    n_new = Counter(r["old_code"] for r in rows if r["old_code"] and r["status"] == "matched")
    for r in rows:  # old unit listed as a source of more than one new unit
        r["old_unit_split"] = n_new.get(r["old_code"], 0) > 1
    covered = {r["old_code"] for r in rows if r["old_code"]}
    meta = {
        "warning": "DERIVED by name matching of the free-text 'truocsapnhap' field "
                   "(sapnhap.bando.com.vn, via the repo's donvi_tinhthanh.json, which the repo "
                   "commit 3b0e1aa0 labels '(unverified)') against the repo's v2.4.1 pre-merger "
                   "list. Not an official code table. Check 'status' (matched / ambiguous / weak_nationwide_guess / unmatched) 'partial' (source text says 'một phần'/'phần còn lại') and 'old_unit_split' (old code is a matched source of >1 new unit).",
        "stats": dict(stats),
        "old_wards_in_v2.4.1": len(old_wards),
        "old_wards_covered_by_at_least_one_row": len(covered),
        "new_units": sum(1 for u in dv if u["magoc"] != "0"),
    }
    dump("old_to_new_mapping.json", {"meta": meta, "rows": rows})
    dump_csv("old_to_new_mapping.csv", rows, list(rows[0].keys()))
    dump("truocsapnhap_raw.json", [{"code": u["ma"], "name": u["ten"], "parent": u["magoc"],
                                    "formed_from_text": u["truocsapnhap"]} for u in dv])

    with open(os.path.join(OUT, "LICENSE.thanglequoc-vietnamese-provinces-database.txt"), "wb") as f:
        f.write(git("show", "HEAD:LICENSE"))

    src = {
        "repository": "https://github.com/thanglequoc/vietnamese-provinces-database",
        "head_commit": head, "head_commit_date": commit_date("HEAD"), "head_json": head_json,
        "v3.0.2_commit": v302, "v3.0.2_commit_date": commit_date("v3.0.2"),
        "v2.4.1_commit": v241, "v2.4.1_commit_date": commit_date("v2.4.1"),
        "counts": {
            "head": {"provinces": len(prov), "communes": len(comm),
                     "by_type": dict(Counter(c["type"] for c in comm)),
                     "province_types": dict(Counter(p["type"] for p in prov))},
            "qd19_2025": {"provinces": len(prov19), "communes": len(comm19),
                          "by_type": dict(Counter(c["type"] for c in comm19)),
                          "province_types": dict(Counter(p["type"] for p in prov19))},
            "pre_merger_v2.4.1": {"provinces": len(old),
                                  "districts": sum(len(p["District"]) for p in old),
                                  "communes": len(old_wards)},
        },
        "mapping_stats": meta,
    }
    dump("source.json", src)
    print(json.dumps(src, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
