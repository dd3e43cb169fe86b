package io.cairn.service;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The threads of the services that work in the background: crawls, job runs, schedules. */
final class BackgroundThreads {
  private BackgroundThreads() {}

  /** Daemon threads named {@code prefix-1}, {@code prefix-2}, …: they never keep the JVM up. */
  static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Lets {@code threads} finish their tasks for up to {@code grace}, then interrupts them. */
  static void shutdown(ExecutorService threads, Duration grace) {
    threads.shutdown();
    try {
      if (!threads.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        threads.shutdownNow();
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
