package io.cairn.catalog;

/** A workflow run is not in the state an operation needs (Glue's IllegalWorkflowStateException). */
public final class WorkflowStateException extends CatalogException {
  public WorkflowStateException(String message) {
    super(message);
  }
}
