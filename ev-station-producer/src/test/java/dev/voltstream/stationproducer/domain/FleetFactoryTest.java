package dev.voltstream.stationproducer.domain;

import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetFactoryTest {

    @Test
    void defaultFleetHas200StationsAnd1000AccountsWithSequentialIds() {
        Fleet fleet = FleetFactory.build(42, 200, 1000);

        assertThat(fleet.stations()).hasSize(200);
        assertThat(fleet.accounts()).hasSize(1000);
        assertThat(fleet.stations().get(0).id()).isEqualTo("st-001");
        assertThat(fleet.stations().get(199).id()).isEqualTo("st-200");
        assertThat(fleet.accounts().get(0).id()).isEqualTo("acc-0001");
        assertThat(fleet.accounts().get(999).id()).isEqualTo("acc-1000");
        assertThat(fleet.station("st-123")).isPresent();
        assertThat(fleet.account("acc-1001")).isEmpty();
    }

    @Test
    void sameSeedBuildsTheSameFleetAndAnotherSeedMovesTheStations() {
        Fleet first = FleetFactory.build(7, 50, 100);
        Fleet again = FleetFactory.build(7, 50, 100);
        Fleet other = FleetFactory.build(8, 50, 100);

        assertThat(again.stations()).isEqualTo(first.stations());
        assertThat(again.accounts()).isEqualTo(first.accounts());
        assertThat(other.stations().get(0).location()).isNotEqualTo(first.stations().get(0).location());
    }

    @Test
    void stationsAreSpreadEvenlyOverTheCitiesWithinAFewKilometresOfTheCentre() {
        Fleet fleet = FleetFactory.build(42, 200, 1000);

        assertThat(fleet.stations().stream().collect(Collectors.groupingBy(Station::city, Collectors.counting())))
                .hasSize(City.ALL.size())
                .allSatisfy((city, count) -> assertThat(count).isBetween(33L, 34L));
        assertThat(fleet.stations()).allSatisfy(s -> {
            assertThat(s.location().distanceKm(s.city().centre())).isLessThan(10);
            assertThat(s.maxPowerKw()).isIn(11.0, 22.0, 50.0, 150.0);
        });
    }

    @Test
    void everyCityHasAnotherOverAThousandKilometresAway() {
        assertThat(City.ALL).allSatisfy(city ->
                assertThat(city.centre().distanceKm(city.farthest().centre())).isGreaterThan(1000));
    }

    @Test
    void everyStationIsHomeToTheSameNumberOfAccounts() {
        Fleet fleet = FleetFactory.build(42, 200, 1000);

        assertThat(fleet.stations()).allSatisfy(s -> assertThat(fleet.accountsAt(s)).hasSize(5)
                .allSatisfy(a -> assertThat(a.home()).isEqualTo(s)));
    }

    @Test
    void anEmptyFleetIsRejected() {
        assertThatThrownBy(() -> FleetFactory.build(42, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetFactory.build(42, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
