package io.cairn.service;

import java.util.concurrent.TimeUnit;

/** Ends the processes the server launched for runs, with whatever they started. */
final class ProcessTrees {
  private ProcessTrees() {}

  /** Kills the run's JVM and whatever it started (Spark executors, Python workers). */
  static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
