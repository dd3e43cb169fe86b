package io.cairn.locks;

/**
 * Hive's lock types. Two locks on overlapping objects conflict as in Hive's lock manager: readers
 * ({@link #SHARED_READ}) exclude only {@link #EXCLUSIVE}; writers that may run together ({@link
 * #SHARED_WRITE}) exclude {@link #EXCLUSIVE_WRITE} and {@link #EXCLUSIVE}; {@link #EXCLUSIVE_WRITE}
 * (Hive 4's EXCL_WRITE: one writer at a time that still lets readers in) excludes every writer;
 * {@link #EXCLUSIVE} excludes everything.
 */
public enum LockType {
  SHARED_READ,
  SHARED_WRITE,
  EXCLUSIVE_WRITE,
  EXCLUSIVE;

  /** Symmetric: whether a lock of this type and one of {@code other} may not be held together. */
  public boolean conflictsWith(LockType other) {
    if (this == EXCLUSIVE || other == EXCLUSIVE) {
      return true;
    }
    if (this == SHARED_READ || other == SHARED_READ) {
      return false;
    }
    return this == EXCLUSIVE_WRITE || other == EXCLUSIVE_WRITE;
  }
}
