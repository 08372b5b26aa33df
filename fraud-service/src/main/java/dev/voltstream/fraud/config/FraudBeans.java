package dev.voltstream.fraud.config;

import dev.voltstream.fraud.rules.RuleEngine;
import dev.voltstream.fraud.rules.Thresholds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** Builds the pure rule objects from configuration, and the clock that stamps decisions. */
@ApplicationScoped
public class FraudBeans {

    @Produces
    @Singleton
    Thresholds thresholds(FraudConfig config) {
        return new Thresholds(config.limits().perTransaction(), config.limits().daily(), config.limits().dayZone(),
                config.velocity().maxCount(), config.velocity().window(), config.velocity().severity(),
                config.anomaly().factor(), config.anomaly().minHistory(), config.anomaly().minAmount(),
                config.anomaly().severity(),
                config.travel().maxSpeedKmh(), config.travel().minDistanceKm(), config.travel().severity());
    }

    @Produces
    @Singleton
    RuleEngine ruleEngine(Thresholds thresholds) {
        return RuleEngine.standard(thresholds);
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
