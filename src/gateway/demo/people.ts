/** Synthetic citizens: Vietnamese names (Kinh, Tày, Dao family names common in Tuyên Quang) and addresses. */
import { DEMO_COMMUNES } from './catalog';
import { mulberry32 } from '../../shared/random';

export type Rng = () => number;
/** Seeded, so the demo data is the same on every machine. */
export const rng = (seed: number): Rng => mulberry32(seed);
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Ma', 'Nông', 'Hà', 'Triệu', 'Lý', 'Bàn', 'Đặng', 'Quan', 'Vũ', 'Đỗ'];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Tiến'];
const MIDDLE_F = ['Thị', 'Thu', 'Ngọc', 'Minh', 'Kim', 'Hồng'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phong', 'Sơn', 'Thắng', 'Tuấn', 'Việt'];
const GIVEN_F = ['Anh', 'Chi', 'Dung', 'Hà', 'Hạnh', 'Hoa', 'Hương', 'Lan', 'Linh', 'Mai', 'Nga', 'Thảo', 'Trang', 'Yến'];
const HAMLETS = ['Thôn Làng Bục', 'Thôn Nà Mạ', 'Thôn Khuôn Khoai', 'Thôn Bản Tát', 'Tổ dân phố 3', 'Tổ dân phố 7', 'Thôn Đồng Trang', 'Thôn Nà Tông'];

export interface Citizen {
  name: string;
  citizenId: string;
  birthDate: string;
  sex: 'male' | 'female';
  address: string;
  phone: string;
}

export function citizen(r: Rng): Citizen {
  const male = r() < 0.5;
  const year = int(r, 1950, 2006);
  const name = `${pick(r, FAMILY)} ${pick(r, male ? MIDDLE_M : MIDDLE_F)} ${pick(r, male ? GIVEN_M : GIVEN_F)}`;
  // 008 = Tuyên Quang; then century/sex digit and the two-digit birth year, as cards are numbered.
  const centurySex = (year >= 2000 ? 2 : 0) + (male ? 0 : 1);
  const citizenId = `008${centurySex}${String(year % 100).padStart(2, '0')}${String(int(r, 0, 999_999)).padStart(6, '0')}`;
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  return {
    name, citizenId, sex: male ? 'male' : 'female',
    birthDate: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    address: `${pick(r, HAMLETS)}, ${pick(r, DEMO_COMMUNES)}, tỉnh Tuyên Quang`,
    phone: `09${String(int(r, 0, 99_999_999)).padStart(8, '0')}`,
  };
}
