/**
 * Strings of the sync status and the "needs attention" list (namespace `sync`), keyed
 * `phase.<SyncPhase>`. The messages of sync failures, storage and staff-action errors are the
 * catalog's (namespace `codes`, groups `sync`, `storage`, `action`).
 */
export default {
  vi: {
    title: 'Đồng bộ',
    syncNow: 'Đồng bộ ngay',
    phase: { idle: 'Đã đồng bộ', pulling: 'Đang tải dữ liệu về', pushing: 'Đang gửi dữ liệu', offline: 'Mất kết nối máy chủ tỉnh', error: 'Lỗi đồng bộ' },
    pending_one: '{{count}} thao tác chờ gửi',
    pending_other: '{{count}} thao tác chờ gửi',
    pendingSince: 'Chờ gửi từ {{time}}',
    nothingPending: 'Không có thao tác chờ gửi',
    lastSuccess: 'Đồng bộ thành công lần cuối: {{time}}',
    never: 'chưa lần nào',
    retryAt: 'Thử lại lúc {{time}}',
    lastError: 'Lỗi gần nhất: {{error}}',
    attention: {
      title: 'Cần xử lý', empty: 'Không có mục nào cần xử lý', dismiss: 'Đã xem', retry: 'Gửi lại', conflict: 'Xung đột', rejected: 'Bị từ chối',
      keyRefused: 'Khóa ký của cán bộ chưa được máy chủ tỉnh chấp nhận',
      keyRefusedWhy_one: 'Máy chủ tỉnh không đăng ký được khóa ký của cán bộ {{name}} trên máy này (mã PIN có thể đã được đổi). {{count}} thao tác của cán bộ đang chờ gửi. Cán bộ {{name}} hãy đăng xuất rồi đăng nhập lại bằng mã PIN hiện tại.',
      keyRefusedWhy_other: 'Máy chủ tỉnh không đăng ký được khóa ký của cán bộ {{name}} trên máy này (mã PIN có thể đã được đổi). {{count}} thao tác của cán bộ đang chờ gửi. Cán bộ {{name}} hãy đăng xuất rồi đăng nhập lại bằng mã PIN hiện tại.',
      signInAgain: 'Đăng xuất để đăng nhập lại',
    },
    skew: 'Đồng hồ máy lệch {{minutes}} phút so với máy chủ tỉnh. Hãy báo kỹ thuật viên chỉnh giờ.',
    needsEnrollment: 'Máy chủ tỉnh không còn nhận ra thiết bị này. Kỹ thuật viên cần đăng ký lại; các thao tác chưa gửi vẫn được giữ.',
  },
  en: {
    title: 'Sync',
    syncNow: 'Sync now',
    phase: { idle: 'Up to date', pulling: 'Downloading', pushing: 'Uploading', offline: 'Provincial gateway unreachable', error: 'Sync error' },
    pending_one: '{{count}} action waiting to be sent',
    pending_other: '{{count}} actions waiting to be sent',
    pendingSince: 'Waiting since {{time}}',
    nothingPending: 'Nothing waiting to be sent',
    lastSuccess: 'Last successful sync: {{time}}',
    never: 'never',
    retryAt: 'Retrying at {{time}}',
    lastError: 'Last error: {{error}}',
    attention: {
      title: 'Needs attention', empty: 'Nothing needs attention', dismiss: 'Acknowledge', retry: 'Send again', conflict: 'Conflict', rejected: 'Rejected',
      keyRefused: 'An officer\'s signing key was not accepted by the provincial gateway',
      keyRefusedWhy_one: 'The provincial gateway could not register {{name}}\'s signing key on this device (the PIN may have been changed). {{count}} action by this officer is waiting to be sent. {{name}}, please sign out and sign in again with your current PIN.',
      keyRefusedWhy_other: 'The provincial gateway could not register {{name}}\'s signing key on this device (the PIN may have been changed). {{count}} actions by this officer are waiting to be sent. {{name}}, please sign out and sign in again with your current PIN.',
      signInAgain: 'Sign out to sign in again',
    },
    skew: 'This device\'s clock is {{minutes}} minutes off the provincial gateway. Ask a technician to set the time.',
    needsEnrollment: 'The provincial gateway no longer recognises this device. A technician must enroll it again; unsent actions are kept.',
  },
};
