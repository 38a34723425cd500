// jStat ships no type declarations; we use only its studentized-range functions (see src/stats/distributions.ts).
declare module 'jstat';
