// The console maps' events (in the map chunk: only pages that open a map load them).
import type { TerritoryInput } from '@arrivo/core';
import { ArrivoEvent } from '../../../events/arrivo-event';

/** A point was picked on the map or typed: `detail: {lat, lon}`. */
export class ArrivoPointChangeEvent extends ArrivoEvent<{ lat: number; lon: number }> {
  static readonly type = 'arrivo-point-change';
  constructor(detail: ArrivoPointChangeEvent['detail']) {
    super(ArrivoPointChangeEvent.type, detail);
  }
}

/** The territory's shape changed: a circle (`center`, `radiusKm`), a polygon of [lon, lat] points, or null while unfinished. */
export type TerritoryShape = Pick<TerritoryInput, 'center' | 'radiusKm' | 'polygon'>;
export class ArrivoTerritoryChangeEvent extends ArrivoEvent<{ shape: TerritoryShape | null }> {
  static readonly type = 'arrivo-territory-change';
  constructor(detail: ArrivoTerritoryChangeEvent['detail']) {
    super(ArrivoTerritoryChangeEvent.type, detail);
  }
}

declare global {
  interface HTMLElementEventMap {
    'arrivo-point-change': ArrivoPointChangeEvent;
    'arrivo-territory-change': ArrivoTerritoryChangeEvent;
  }
}
