package io.cairn.catalog;

/**
 * Language of a user-defined function's implementation (HMS FunctionType); Hive knows only Java.
 */
public enum FunctionType {
  JAVA
}
