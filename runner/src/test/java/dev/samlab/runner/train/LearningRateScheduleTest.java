package dev.samlab.runner.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.runner.config.TrainingConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static LearningRateSchedule schedule(String name, double warmup, List<Integer> milestones) {
        return new LearningRateSchedule(
                new TrainingConfig(10, 128, null, name, warmup, milestones, 0.2, null, null), 100);
    }

    @Test
    void constantIsOneThroughout() {
        assertThat(schedule("constant", 0, null).factor(0)).isEqualTo(1.0);
        assertThat(schedule("constant", 0, null).factor(999)).isEqualTo(1.0);
    }

    @Test
    void cosineFallsFromOneToZeroOverTheRun() {
        LearningRateSchedule cosine = schedule("cosine", 0, null);

        assertThat(cosine.factor(0)).isEqualTo(1.0);
        assertThat(cosine.factor(500)).isCloseTo(0.5, within(1e-12));
        assertThat(cosine.factor(250)).isCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
        assertThat(cosine.factor(999)).isCloseTo(0.5 * (1 + Math.cos(Math.PI * 999 / 1000)), within(1e-12));
    }

    @Test
    void warmUpRisesLinearlyThenTheScheduleStartsFromOne() {
        LearningRateSchedule cosine = schedule("cosine", 2, null);

        assertThat(cosine.factor(0)).isCloseTo(1.0 / 200, within(1e-12));
        assertThat(cosine.factor(99)).isCloseTo(0.5, within(1e-12));
        assertThat(cosine.factor(199)).isEqualTo(1.0);
        assertThat(cosine.factor(200)).isEqualTo(1.0);
        assertThat(cosine.factor(600)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void stepMultipliesByGammaAtEachMilestoneEpoch() {
        LearningRateSchedule step = schedule("step", 0, List.of(5, 8));

        assertThat(step.factor(499)).isEqualTo(1.0);
        assertThat(step.factor(500)).isCloseTo(0.2, within(1e-12));
        assertThat(step.factor(799)).isCloseTo(0.2, within(1e-12));
        assertThat(step.factor(800)).isCloseTo(0.04, within(1e-12));
    }

    @Test
    void inconsistentScheduleSettingsAreRejectedByName() {
        assertThatThrownBy(() -> new TrainingConfig(10, null, null, "linear", null, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("schedule"));
        assertThatThrownBy(() -> new TrainingConfig(10, null, null, "step", null, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("milestones"));
        assertThatThrownBy(() -> new TrainingConfig(10, null, null, "cosine", null, List.of(5), null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("milestones"));
        assertThatThrownBy(() -> new TrainingConfig(10, null, null, "step", null, List.of(5, 3), null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("milestones[1]"));
        assertThatThrownBy(() -> new TrainingConfig(10, null, null, null, 10.0, null, null, null, null))
                .isInstanceOfSatisfying(
                        InvalidConfigException.class, e -> assertThat(e.field()).isEqualTo("warmupEpochs"));
    }
}
