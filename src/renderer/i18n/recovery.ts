/**
 * The staff's notice after a storage recovery (namespace `recovery`; src/renderer/recovery/):
 * plain words, no technical terms.
 */
export default {
  vi: {
    title: 'Dữ liệu trên máy đã được khôi phục',
    corrupt: 'Dữ liệu lưu trên máy này bị hỏng nên máy đã tạo lại từ đầu.',
    empty: 'Dữ liệu lưu trên máy này đã bị xoá nên máy đã tạo lại từ đầu.',
    checking: 'Máy đang lấy lại hồ sơ từ máy chủ tỉnh và từ bản sao lưu trên máy. Không cần nhập lại.',
    requeued_one: 'Đã lấy lại {{count}} thao tác chưa gửi từ bản sao lưu trên máy; thao tác này sẽ được gửi lên máy chủ tỉnh. Không cần nhập lại.',
    requeued_other: 'Đã lấy lại {{count}} thao tác chưa gửi từ bản sao lưu trên máy; các thao tác này sẽ được gửi lên máy chủ tỉnh. Không cần nhập lại.',
    nothingLost: 'Không có thao tác nào bị mất: mọi hồ sơ đã có trên máy chủ tỉnh.',
    ok: 'Đã hiểu',
  },
  en: {
    title: 'The data on this computer was restored',
    corrupt: 'The data stored on this computer was damaged, so it was started again from scratch.',
    empty: 'The data stored on this computer was deleted, so it was started again from scratch.',
    checking: 'The dossiers are being fetched again from the provincial server and the copy kept on this computer. Nothing needs to be entered again.',
    requeued_one: '{{count}} unsent action was recovered from the copy kept on this computer and will be sent to the provincial server. Nothing needs to be entered again.',
    requeued_other: '{{count}} unsent actions were recovered from the copy kept on this computer and will be sent to the provincial server. Nothing needs to be entered again.',
    nothingLost: 'No action was lost: every dossier is already on the provincial server.',
    ok: 'Understood',
  },
};
