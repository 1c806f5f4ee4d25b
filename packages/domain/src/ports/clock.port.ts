/** The time, as the domain sees it. Tests move it by hand. */
export interface Clock {
  now(): Date;
}
