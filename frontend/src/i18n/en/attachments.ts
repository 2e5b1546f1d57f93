export default {
  tooLarge: 'The file is larger than {mb} MB',
  uploaded: 'Uploaded',
  deleteConfirm: 'Delete “{name}”?',
}
