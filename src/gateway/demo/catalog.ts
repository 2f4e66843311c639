/**
 * Synthetic demo catalog: procedures a commune counter handles, with processing times in working
 * days and fees in đồng. Names follow real procedures; codes are in the MaTTHC style but are
 * synthetic, as are the agencies (province code H08 = Tuyên Quang in the demo).
 */
import type { AgencyAlias, DirectoryAgency, Procedure } from '../../shared/protocol';

type P = Omit<Procedure, 'updatedAt' | 'active'>;
const fee = (id: string, name: string, amount: number) => ({ id, name, amount });

export const DEMO_PROCEDURES: P[] = [
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 1, fees: [],
    documents: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh'] },
  { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', processingDays: 3, fees: [],
    documents: ['Tờ khai đăng ký kết hôn', 'Giấy xác nhận tình trạng hôn nhân'] },
  { code: '1.000656', name: 'Đăng ký khai tử', field: 'Hộ tịch', processingDays: 1, fees: [],
    documents: ['Tờ khai đăng ký khai tử', 'Giấy báo tử'] },
  { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3,
    fees: [fee('LP1', 'Lệ phí xác nhận tình trạng hôn nhân', 15_000)], documents: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'] },
  { code: '1.003583', name: 'Cấp bản sao trích lục hộ tịch', field: 'Hộ tịch', processingDays: 1,
    fees: [fee('P1', 'Phí cấp bản sao trích lục', 8_000)], documents: ['Tờ khai cấp bản sao trích lục hộ tịch'] },
  { code: '2.000815', name: 'Chứng thực bản sao từ bản chính', field: 'Chứng thực', processingDays: 1,
    fees: [fee('P1', 'Phí chứng thực bản sao (2.000 đ/trang)', 10_000)], documents: ['Bản chính giấy tờ', 'Bản sao cần chứng thực'] },
  { code: '2.000884', name: 'Chứng thực chữ ký trong giấy tờ, văn bản', field: 'Chứng thực', processingDays: 1,
    fees: [fee('P1', 'Phí chứng thực chữ ký', 10_000)], documents: ['Giấy tờ, văn bản cần chứng thực chữ ký'] },
  { code: '1.001612', name: 'Đăng ký thường trú', field: 'Cư trú', processingDays: 7,
    fees: [fee('LP1', 'Lệ phí đăng ký cư trú', 20_000)], documents: ['Tờ khai thay đổi thông tin cư trú', 'Giấy tờ chứng minh chỗ ở hợp pháp'] },
  { code: '1.001668', name: 'Đăng ký tạm trú', field: 'Cư trú', processingDays: 3,
    fees: [fee('LP1', 'Lệ phí đăng ký tạm trú', 15_000)], documents: ['Tờ khai thay đổi thông tin cư trú'] },
  { code: '1.004227', name: 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu', field: 'Đất đai', processingDays: 20,
    fees: [fee('LP1', 'Lệ phí cấp giấy chứng nhận', 100_000), fee('P2', 'Phí thẩm định hồ sơ', 500_000)],
    documents: ['Đơn đăng ký đất đai', 'Giấy tờ về quyền sử dụng đất', 'Sơ đồ thửa đất'] },
  { code: '1.004203', name: 'Đăng ký biến động quyền sử dụng đất (chuyển nhượng, tặng cho)', field: 'Đất đai', processingDays: 10,
    fees: [fee('LP1', 'Lệ phí đăng ký biến động', 50_000)], documents: ['Đơn đăng ký biến động', 'Hợp đồng chuyển nhượng', 'Giấy chứng nhận đã cấp'] },
  { code: '1.001776', name: 'Xác nhận hộ gia đình làm nông nghiệp có mức sống trung bình', field: 'Bảo trợ xã hội', processingDays: 5, fees: [],
    documents: ['Giấy đề nghị xác nhận'] },
  { code: '1.003005', name: 'Đăng ký hộ kinh doanh', field: 'Thành lập và hoạt động của hộ kinh doanh', processingDays: 3,
    fees: [fee('LP1', 'Lệ phí đăng ký hộ kinh doanh', 100_000)], documents: ['Giấy đề nghị đăng ký hộ kinh doanh', 'Bản sao giấy tờ pháp lý của chủ hộ'] },
  // Decided by a provincial department whatever commune receives it (boundary-free intake).
  { code: '2.000488', name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam', field: 'Lý lịch tư pháp', processingDays: 10,
    level: 'province', competentAgency: '000.20.00.H08',
    fees: [fee('P1', 'Phí cấp Phiếu lý lịch tư pháp', 200_000)], documents: ['Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp', 'Bản chụp CCCD'] },
  { code: '1.001022', name: 'Cấp giấy phép xây dựng nhà ở riêng lẻ', field: 'Xây dựng', processingDays: 15,
    fees: [fee('LP1', 'Lệ phí cấp giấy phép xây dựng', 75_000)], documents: ['Đơn đề nghị cấp giấy phép xây dựng', 'Bản vẽ thiết kế', 'Giấy tờ về quyền sử dụng đất'] },
];

/** Demo communes of Tuyên Quang; agency codes are synthetic (`000.00.NN.H08`). */
export const DEMO_COMMUNES = [
  'Phường Minh Xuân', 'Phường Phan Thiết', 'Phường Nông Tiến', 'Phường Mỹ Lâm', 'Xã Hùng Lợi', 'Xã Trung Sơn',
  'Xã Kim Bình', 'Xã Thái Bình', 'Xã Tân Trào', 'Xã Hồng Thái', 'Xã Minh Quang', 'Xã Yên Hoa',
  'Xã Thượng Lâm', 'Xã Lâm Bình', 'Xã Na Hang', 'Xã Chiêm Hóa', 'Xã Hàm Yên', 'Xã Sơn Dương',
];

export const demoAgencyCode = (i: number): string => `000.00.${String(i + 1).padStart(2, '0')}.H08`;
export const DEMO_AGENCIES = DEMO_COMMUNES.slice(0, 12).map((name, i) => ({ code: demoAgencyCode(i), name: `UBND ${name}` }));

/**
 * The current (2025) commune codes of the demo communes (Decision 19/2025/QĐ-TTg, from
 * src/shared/units/units-2025.json); null where the name is not a commune today.
 */
export const DEMO_COMMUNE_CODES: (string | null)[] = [
  '02215', null, '02212', '02509', '02455', '02458', '02350', '02494', '02545', '02260', '02302', '02248',
];

/** The demo's provincial department (synthetic code), competent for `2.000488`. */
export const DEMO_DEPARTMENT = { code: '000.20.00.H08', name: 'Sở Tư pháp tỉnh Tuyên Quang' };

/**
 * The province's directory of agencies for boundary-free intake (province settings): the demo
 * communes with the commune each serves, and the department.
 */
export const DEMO_DIRECTORY: DirectoryAgency[] = [
  ...DEMO_AGENCIES.map((a, i) => ({ code: a.code, name: a.name, level: 'commune' as const, communeCode: DEMO_COMMUNE_CODES[i] ?? null })),
  { ...DEMO_DEPARTMENT, level: 'province', communeCode: null },
];

/**
 * Agency codes closed by the 2025 merger (synthetic: the old Hà Giang province's level-1 code
 * `H02` on the communes that are now Tuyên Quang's `H08`): a 2024 receipt still opens its dossier.
 */
export const DEMO_ALIASES: AgencyAlias[] = DEMO_AGENCIES.slice(0, 12).map((a) => ({ old: a.code.replace(/\.H08$/, '.H02'), current: a.code }));
