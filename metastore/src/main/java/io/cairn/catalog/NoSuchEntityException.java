package io.cairn.catalog;

/** Another named resource (table version, index, statistics, tag target) does not exist. */
public class NoSuchEntityException extends NotFoundException {
  public NoSuchEntityException(String message) {
    super(message);
  }
}
