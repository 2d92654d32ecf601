export type { DecisionBoundaryOptions } from './decision-boundary.ts';
export { decisionBoundarySvg } from './decision-boundary.ts';
export { renderGraphSvg } from './graph-svg.ts';
export type { HistoryPoint, LossCurvesOptions } from './loss-curves.ts';
export { lossCurvesSvg } from './loss-curves.ts';
export type { PlotDocument } from './plot-document.ts';
export type { PngOptions } from './png.ts';
export { svgToPng } from './png.ts';
