/** The finance bureau's yearly calculators (四（一）资金测算, 四（二）因素法分配). */
export { allocate, checkWeights, percent, FACTORS, FACTOR_ZH, FACTOR_EN, type Factor, type FactorRow, type AllocationResult, type AllocationLine } from './allocate.ts';
export { readFactors } from './factors-file.ts';
export { writeAllocationXlsx } from './allocate-xlsx.ts';
export { estimate, type Estimate, type EstimateLine, type MonthFigures } from './estimate.ts';
export { writeEstimateXlsx } from './estimate-xlsx.ts';
