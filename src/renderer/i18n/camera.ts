/** UI strings of the camera scanner (namespace `camera`). Error texts are keyed by CameraErrorCode
 * and are also the messages carried by the error values (scanners/camera/camera-errors.ts). */
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
    errors: {
      'camera-denied': 'Ứng dụng không được phép dùng camera. Hãy cho phép truy cập camera trong cài đặt của máy rồi thử lại.',
      'camera-busy': 'Camera đang được một chương trình khác sử dụng. Hãy đóng chương trình đó (ví dụ Zalo, Zoom) rồi thử lại.',
      'camera-absent': 'Không tìm thấy camera đã chọn. Hãy kiểm tra dây cắm hoặc chọn camera khác.',
      'camera-unsupported': 'Máy này không hỗ trợ mở camera từ ứng dụng.',
      'camera-closed': 'Màn hình quét đã đóng trước khi camera kịp mở.',
      'camera-failed': 'Không mở được camera. Hãy rút camera ra, cắm lại rồi thử lại.',
      'decoder-failed': 'Không khởi động được bộ giải mã QR. Hãy khởi động lại ứng dụng; nếu vẫn lỗi, báo cho kỹ thuật viên.',
    },
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
    errors: {
      'camera-denied': 'The app is not allowed to use the camera. Allow camera access in the system settings and try again.',
      'camera-busy': 'Another program is using the camera. Close it (for example Zalo or Zoom) and try again.',
      'camera-absent': 'The selected camera was not found. Check its cable or choose another camera.',
      'camera-unsupported': 'This computer cannot open the camera from the app.',
      'camera-closed': 'The scan view closed before the camera opened.',
      'camera-failed': 'The camera could not be opened. Unplug it, plug it back in and try again.',
      'decoder-failed': 'The QR decoder could not start. Restart the app; if it still fails, call the technician.',
    },
  },
} as const;
