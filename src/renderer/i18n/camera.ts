/** UI strings of the camera scanner (namespace `camera`). Its error messages are the catalog's
 * (namespace `codes`, group `camera`), also carried by the error values (scanners/camera/camera-errors.ts). */
export default {
  vi: {
    title: 'Quét mã bằng camera',
    chooseDevice: 'Chọn camera',
    deviceFallbackLabel: 'Camera {{index}}',
    noDevices: 'Không tìm thấy camera nào.',
    starting: 'Đang mở camera…',
    scanning: 'Đưa mã QR vào giữa khung hình, giữ yên khoảng một giây.',
    decoded: 'Đã đọc được mã.',
    close: 'Đóng camera',
  },
  en: {
    title: 'Scan with the camera',
    chooseDevice: 'Choose a camera',
    deviceFallbackLabel: 'Camera {{index}}',
    noDevices: 'No camera found.',
    starting: 'Opening the camera…',
    scanning: 'Hold the QR code in the middle of the picture and keep it still for a second.',
    decoded: 'Code read.',
    close: 'Close the camera',
  },
} as const;
