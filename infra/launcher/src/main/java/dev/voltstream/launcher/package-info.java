/**
 * The one-command demo: {@code ./voltstream demo} builds what is missing, starts the broker (or a cluster, or Apache
 * Kafka), PostgreSQL, the four services and the simulation as child processes, waits for them to be healthy, prints
 * where to look and a live status line, and stops everything (children included) on Ctrl-C.
 *
 * <p>{@link dev.voltstream.launcher.VoltstreamLauncher} is the entry point (picocli); {@link
 * dev.voltstream.launcher.Demo} orchestrates; {@link dev.voltstream.launcher.ProcessBook} keeps every started process
 * so that none outlives the launcher.
 */
package dev.voltstream.launcher;
