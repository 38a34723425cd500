/** Dense and blocked linear algebra used by the mixed-model engine: one operation per file. */
export { cholBlock } from './cholBlock';
export { cholEnvelope } from './cholEnvelope';
export { rdivLowerT } from './rdivLowerT';
export { invLower } from './invLower';
export { crossprodLowerInv } from './crossprodLowerInv';
export { symmetricEigen } from './symmetricEigen';
export { luSolve } from './luSolve';
