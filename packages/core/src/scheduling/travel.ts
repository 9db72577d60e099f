import { distanceKm, type LatLon } from './geo';

/** How long driving from one place to another takes; plugins may supply real routing. */
export interface TravelTimeProvider {
  minutes(from: LatLon, to: LatLon, departAt: number): number;
}

export interface StraightLineOptions {
  /** Roads are longer than the crow flies: km driven per km of great-circle distance. */
  roadFactor: number;
  /** Average speed over that road distance. */
  speedKmh: number;
}

export const DEFAULT_TRAVEL: StraightLineOptions = { roadFactor: 1.35, speedKmh: 40 };

/** The default: great-circle distance × road factor at an average speed, in whole minutes (rounded up). */
export function straightLineTravel(options: StraightLineOptions = DEFAULT_TRAVEL): TravelTimeProvider {
  return {
    minutes: (from, to) => Math.ceil((distanceKm(from, to) * options.roadFactor * 60) / options.speedKmh),
  };
}
