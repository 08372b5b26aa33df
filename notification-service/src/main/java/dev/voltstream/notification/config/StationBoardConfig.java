package dev.voltstream.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code voltstream.station-board.*} settings: the station board's rebuild from station-status at start-up. */
@ConfigMapping(prefix = "voltstream.station-board")
public interface StationBoardConfig {
    /**
     * Rebuild the board (table {@code station_state}) from the compacted station-status topic when the service
     * starts; the service reports ready once it is done.
     */
    @WithDefault("true")
    boolean rebuild();

    /** Records read per poll, and so at most the stations upserted per statement. */
    @WithDefault("500")
    int batchSize();
}
