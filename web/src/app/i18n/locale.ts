/** The UI's languages (a leaf module: dates.ts and the dictionaries both name it). */
export type Locale = 'zh-CN' | 'en';
