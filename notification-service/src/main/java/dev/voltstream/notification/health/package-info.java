/** Health checks: the station board's readiness (rebuilt from station-status at start-up). */
package dev.voltstream.notification.health;
