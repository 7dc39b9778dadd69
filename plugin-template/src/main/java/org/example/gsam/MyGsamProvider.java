package org.example.gsam;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.Parameter;
import dev.samlab.api.optimizer.Optimizer;
import dev.samlab.api.optimizer.OptimizerConfig;
import dev.samlab.api.optimizer.OptimizerContext;
import dev.samlab.api.optimizer.OptimizerProvider;
import dev.samlab.api.sharpness.DescentRule;
import dev.samlab.api.sharpness.Gradients;
import dev.samlab.api.sharpness.MethodState;
import dev.samlab.api.sharpness.SharpnessAware;
import dev.samlab.api.sharpness.SharpnessKeys;
import dev.samlab.api.sharpness.SharpnessSettings;
import java.util.Objects;

/** GSAM (Zhuang et al. 2022) against samlab-api alone: {@code optimizer: { name: my-gsam, alpha: 0.4, rho: 0.05 }}. */
public final class MyGsamProvider implements OptimizerProvider<MyGsamProvider.Config> {

    /** α, the base, and the keys every sharpness-aware method takes (rho, m, every, ...), written beside them. */
    public record Config(OptimizerConfig base, Double alpha, SharpnessKeys sharpness) implements OptimizerConfig {
        /** SAM's: ρ 0.05, the second pass every step. */
        static final SharpnessSettings DEFAULTS = SharpnessSettings.builder().build();

        public Config {
            alpha = Objects.requireNonNullElse(alpha, 0.4); // the authors' CIFAR example since GSAM commit 704942d
            // filled in here, so the run's config.yaml shows every value the method ran with
            sharpness = Objects.requireNonNullElse(sharpness, SharpnessKeys.NONE).orDefaults(DEFAULTS);
            InvalidConfigException.check(alpha >= 0, "alpha", "must be >= 0 (0 is SAM), got " + alpha);
        }
    }

    /** The base steps with g_p − α·g⊥, g⊥ the part of g = ∇L(w) orthogonal to g_p = ∇L(w + e). */
    record SurrogateGap(double alpha) implements DescentRule {
        @Override
        public void afterAscent(Gradients gradients, MethodState state) {
            gradients.orthogonalPart(gradients::atWeights, Parameter::gradient, gradients::scratch);
            for (Parameter p : gradients.parameters()) {
                p.gradient().subi(gradients.scratch(p).muli(alpha));
            }
        }
    }

    @Override public String name() { return "my-gsam"; }

    @Override public String description() { return "GSAM, written against samlab-api alone"; }

    @Override public Class<Config> configType() { return Config.class; }

    @Override
    public Optimizer create(Config config, OptimizerContext context) {
        SharpnessSettings settings = config.sharpness().over(Config.DEFAULTS);
        return SharpnessAware.configure(name(), config.base(), settings, context)
                .descent(new SurrogateGap(config.alpha()))
                .build();
    }
}
