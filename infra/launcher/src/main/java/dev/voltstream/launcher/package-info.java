/**
 * The one-command demo: {@code ./voltstream demo} builds what is missing, starts the broker (or a cluster, or Apache
 * Kafka), PostgreSQL, the four services and the simulation as child processes, waits for them to be healthy, prints
 * where to look and a live status line, and stops everything (children included) on Ctrl-C.
 *
 * <p>{@link dev.voltstream.launcher.VoltstreamLauncher} is the entry point (picocli); {@link
 * dev.voltstream.launcher.Demo} orchestrates; {@link dev.voltstream.launcher.ProcessBook} keeps every started process
 * so that none outlives the launcher. With {@code --secure}, {@link dev.voltstream.launcher.DemoSecurity} makes the key
 * material and passwords and the broker's, the services' and Kafka's CLI tools' security settings, and {@link
 * dev.voltstream.launcher.ServiceAcls} each service's least-privilege ACLs (docs/security.md).
 */
package dev.voltstream.launcher;
