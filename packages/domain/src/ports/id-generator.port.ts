/** Prefixes of the typed ids the service makes. */
export type IdPrefix = 'prj' | 'adm' | 'wh' | 'msg' | 'dlv' | 'att';

/** Makes unique, sortable, prefixed ids such as `msg_01J…`. */
export interface IdGenerator {
  next(prefix: IdPrefix): string;
}
