/**
 * Dense and blocked linear algebra on Float64Arrays, one operation per file: the one toolbox of the
 * mixed-model engine, inference, ordinal models and the style regression.
 */
export { cholBlock } from './cholBlock';
export { cholEnvelope } from './cholEnvelope';
export { rdivLowerT } from './rdivLowerT';
export { invLower } from './invLower';
export { crossprodLowerInv } from './crossprodLowerInv';
export { symmetricEigen } from './symmetricEigen';
export { luSolve } from './luSolve';
export { cholSolve } from './cholSolve';
export { cholInverse } from './cholInverse';
