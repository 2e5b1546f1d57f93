export default {
  tooLarge: '文件超过 {mb} MB',
  uploaded: '已上传',
  deleteConfirm: '确定删除附件「{name}」？',
}
