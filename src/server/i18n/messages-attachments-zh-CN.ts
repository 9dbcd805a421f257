/** zh-CN of the messages of contract attachments and collection settings (merged into MESSAGES_ZH_CN). */
export const MESSAGES_ATTACHMENTS_ZH_CN: Record<string, string> = {
  contract: '合同',
  'No such attachment.': '附件不存在。',
  'Your role ({0}) may not change the files of a contract.': '您的角色（{0}）不能修改合同的附件。',
  'Only finance can change the files of a contract that is no longer a draft (this one is {0}).':
    '合同已不是草稿（当前状态：{0}），只有财务可以修改其附件。',
  'Send the file’s name in the fileName query parameter.': '请在查询参数 fileName 中提供文件名。',
  'must not be empty': '不能为空',
  'The file is empty.': '文件为空。',
  'The file is larger than 20 MB ({0} bytes).': '文件超过 20 MB（{0} 字节）。',
  'The file is larger than 20 MB.': '文件超过 20 MB。',
  'must be at most 20 MB': '不能超过 20 MB',
  'The file is {0}: only {1} are accepted.': '该文件是{0}：只接受{1}。',
  'PDF, PNG, JPEG, GIF and WebP images, and Word, Excel or PowerPoint files (docx, xlsx, pptx, doc, xls, ppt)':
    ' PDF、PNG/JPEG/GIF/WebP 图片以及 Word、Excel、PowerPoint 文件（docx、xlsx、pptx、doc、xls、ppt）',
  '{0} is not accepted': '不接受{0}',
  'a ZIP archive that is not a Word, Excel or PowerPoint file':
    '不是 Word、Excel 或 PowerPoint 文件的 ZIP 压缩包',
  'an OLE2 compound file that is not a Word, Excel or PowerPoint file':
    '不是 Word、Excel 或 PowerPoint 文件的 OLE2 复合文档',
  'an empty file': '空文件',
  'a Windows program': 'Windows 程序',
  'a Linux program (ELF)': 'Linux 程序（ELF）',
  'a RAR archive': 'RAR 压缩包',
  'a 7-Zip archive': '7-Zip 压缩包',
  'a gzip archive': 'gzip 压缩包',
  'a BMP image': 'BMP 图片',
  'a TIFF image': 'TIFF 图片',
  'an RTF document': 'RTF 文档',
  'a video or HEIC image': '视频或 HEIC 图片',
  'a text file': '文本文件',
  'an unknown binary file': '未知的二进制文件',
  'The file name ends in .{0} but the file is {1} ({2}): name it {3}.':
    '文件名的扩展名是 .{0}，但文件内容是 {1}（{2}）：请使用扩展名 {3}。',
  'must end in {0}': '扩展名必须是 {0}',
  'This file is already attached as "{0}" (uploaded {1} by {2}).':
    '该文件已作为 "{0}" 上传过（{1}，上传人 {2}）。',
  unknown: '未知',
  'same content as "{0}"': '与 "{0}" 内容相同',
  '"{0}" was already removed.': '"{0}" 已被移除。',
  '"{0}" is not removed.': '"{0}" 未被移除。',
  'The same file is attached again as "{0}"; "{1}" stays removed.':
    '相同的文件已重新作为 "{0}" 上传，"{1}" 保持移除状态。',
  'Send the file itself as the body (Content-Type: application/octet-stream) and its name in ?fileName=, not a form.':
    '请将文件本身作为请求体发送（Content-Type: application/octet-stream），文件名放在 ?fileName= 中，不要使用表单。',
  'must be application/octet-stream': '必须是 application/octet-stream',
  'must be 1–8 letters or digits': '必须是 1–8 个字母或数字',
  'must list 1 to 5 days': '必须列出 1 到 5 个天数',
  'must be a whole number of days from 1 to 60': '必须是 1 到 60 之间的整数天数',
  'day {0} is listed twice': '第 {0} 天重复',
  'must have 1 to 10 rungs': '必须有 1 到 10 级',
  'must be a whole number of days from 1 to 365': '必须是 1 到 365 之间的整数天数',
  'must be later than the rung before (day {0})': '必须晚于上一级（第 {0} 天）',
  'must be owner, manager, finance or bad_debt':
    '必须是 owner（负责人）、manager（经理）、finance（财务）或 bad_debt（坏账）',
  'bad_debt must be the last rung (and only once)': 'bad_debt（坏账）必须是最后一级（且只能出现一次）',
  'must be a whole number of days from {0} to {1}': '必须是 {0} 到 {1} 之间的整数天数',
  'The collection settings were changed by someone else (now version {0}, you sent {1}). Reload and try again.':
    '回款设置已被他人修改（当前版本 {0}，您提交的是 {1}）。请刷新后重试。',
  // core/collection/allocate-oldest-first.ts (already on main, its messages were not in the catalog yet).
  'amount must be a whole number of minor units ≥ 0, got {0}':
    '金额必须是 ≥ 0 的整数（以分计），收到的是 {0}',
  'outstanding of {0} must be a whole number ≥ 0, got {1}': '{0} 的未收金额必须是 ≥ 0 的整数，收到的是 {1}',
};
