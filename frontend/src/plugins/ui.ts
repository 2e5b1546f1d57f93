/** Element Plus services used from script code, imported per component (see plugins/element.ts). */
export { ElMessage } from 'element-plus/es/components/message/index.mjs'
export { ElMessageBox } from 'element-plus/es/components/message-box/index.mjs'
