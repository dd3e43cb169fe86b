package io.cairn.etl;

/**
 * A job written as Java code instead of a JSON graph: the runner builds the Spark session against
 * Cairn, calls {@link #run} once and reports success when it returns. Implementations need a public
 * no-argument constructor.
 */
public interface CairnJob {
  void run(JobContext context) throws Exception;
}
