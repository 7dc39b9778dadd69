package dev.samlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InvalidConfigExceptionTest {

    @Test
    void aProblemMovesUnderItsEnclosingSectionKeepingWhereItWasThrown() {
        InvalidConfigException inBase = new InvalidConfigException("lr", "must be > 0, got -1.0");

        InvalidConfigException moved = inBase.under("base").under("optimizer");

        assertThat(moved.field()).isEqualTo("optimizer.base.lr");
        assertThat(moved.problem()).isEqualTo("must be > 0, got -1.0");
        assertThat(moved.getMessage()).isEqualTo("optimizer.base.lr: must be > 0, got -1.0");
        assertThat(moved.getStackTrace()).isEqualTo(inBase.getStackTrace());
    }

    @Test
    void checkThrowsOnlyWhenTheConditionFails() {
        assertThatCode(() -> InvalidConfigException.check(true, "rho", "never")).doesNotThrowAnyException();
        assertThatThrownBy(() -> InvalidConfigException.check(false, "rho", "must be >= 0"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("rho: must be >= 0");
    }
}
