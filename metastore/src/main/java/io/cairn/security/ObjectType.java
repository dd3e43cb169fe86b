package io.cairn.security;

/** What a privilege is granted on (Hive's HiveObjectType without data connectors). */
public enum ObjectType {
  GLOBAL,
  DATABASE,
  TABLE,
  PARTITION,
  COLUMN
}
