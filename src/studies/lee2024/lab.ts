/**
 * Everything a Lee et al. (2024) notebook uses, in one import: the library (src/lab.ts) and the study
 * (its data, models, analyses and figures). `import { ... } from './src/studies/lee2024/lab';`
 */
export * from '../../lab';
export * from './index';
export { manifestFile } from './index';
