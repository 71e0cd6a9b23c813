// The one error restoring a snapshot throws, shared by the snapshot's sections.

/** A snapshot that cannot be read, or does not fit the config it is restored under. */
export class SnapshotError extends Error {}
