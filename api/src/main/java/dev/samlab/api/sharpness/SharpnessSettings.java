package dev.samlab.api.sharpness;

import static dev.samlab.api.InvalidConfigException.check;

import dev.samlab.api.InvalidConfigException;
import dev.samlab.api.model.ParameterRole;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The resolved options every sharpness-aware method shares: what {@link SharpnessKeys} says over a method's defaults.
 * {@link #builder()} starts from SAM's (Foret et al. 2021, davda54/sam).
 *
 * @param rho             radius of the neighbourhood; 0 makes the method its base optimizer
 * @param m               m-sharpness: perturb each sub-batch of m examples with its own gradient and average the
 *                        gradients taken there; {@code null} perturbs the whole batch at once
 * @param epsilon         added to the norm in ρ/(‖·‖ + ε), against division by zero
 * @param lossWeightDecay λ of an L2 term ½λ‖w‖² added to the loss the method sees, so that weight decay enters
 *                        the perturbation too (the official JAX SAM); 0 leaves weight decay to the base optimizer
 * @param perturb         the parameter roles the ascent moves; batch-norm scale and shift alone is SAM-ON
 * @param every           the second pass on every k-th step only (Composer's interval SAM; LookSAM's k)
 * @param probability     the second pass on a step with this probability (RST, Zhao et al. 2022)
 * @param startEpoch      the base optimizer's one-pass steps before this epoch (counted from 0)
 * @param rhoSchedule     ρ constant, or following the learning rate from {@code rho} down to {@code rhoMin}
 * @param rhoMin          ρ as the learning rate reaches 0, under {@link RhoSchedule#LEARNING_RATE}
 */
public record SharpnessSettings(
        double rho,
        Integer m,
        double epsilon,
        double lossWeightDecay,
        Set<ParameterRole> perturb,
        int every,
        double probability,
        int startEpoch,
        RhoSchedule rhoSchedule,
        double rhoMin) {

    /** How ρ changes over a run. */
    public enum RhoSchedule {
        /** ρ at every step. */
        CONSTANT("constant"),
        /** ρ_t = ρ_min + (ρ − ρ_min)·f_t, f_t the learning rate's factor, as GSAM. */
        LEARNING_RATE("learningRate");

        private final String key;

        RhoSchedule(String key) {
            this.key = key;
        }

        /** As config files write it. */
        public String key() {
            return key;
        }

        static RhoSchedule parse(String key) {
            for (RhoSchedule schedule : values()) {
                if (schedule.key.equals(key)) {
                    return schedule;
                }
            }
            throw new InvalidConfigException(
                    "rhoSchedule", "unknown schedule '" + key + "'; expected constant or learningRate");
        }
    }

    public SharpnessSettings {
        check(rho >= 0, "rho", "must be >= 0 (0 means the base optimizer alone), got " + rho);
        check(m == null || m > 0, "m", "must be > 0, got " + m);
        check(epsilon >= 0, "epsilon", "must be >= 0, got " + epsilon);
        check(lossWeightDecay >= 0, "lossWeightDecay", "must be >= 0, got " + lossWeightDecay);
        check(!perturb.isEmpty(), "perturb", "lists no roles: nothing would be perturbed");
        perturb = Set.copyOf(perturb);
        check(every >= 1, "every", "must be >= 1 (the second pass every k-th step; 1 is every step), got " + every);
        check(probability > 0 && probability <= 1, "probability", "must be in (0, 1], got " + probability);
        check(startEpoch >= 0, "startEpoch", "must be >= 0, got " + startEpoch);
        Objects.requireNonNull(rhoSchedule, "rhoSchedule");
        check(rhoMin >= 0 && rhoMin <= rho, "rhoMin", "must be in [0, rho = " + rho + "], got " + rhoMin);
        check(
                rhoMin == 0 || rhoSchedule == RhoSchedule.LEARNING_RATE,
                "rhoMin",
                "only applies with rhoSchedule: learningRate");
    }

    /** SAM's defaults: ρ 0.05, no m, ε 1e-12, every role, every step, ρ constant. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .rho(rho)
                .m(m)
                .epsilon(epsilon)
                .lossWeightDecay(lossWeightDecay)
                .perturb(perturb)
                .every(every)
                .probability(probability)
                .startEpoch(startEpoch)
                .rhoSchedule(rhoSchedule)
                .rhoMin(rhoMin);
    }

    /** Checks {@code m} against the training batch size. */
    public void requireFits(int batchSize) {
        if (m != null && (m > batchSize || batchSize % m != 0)) {
            throw new InvalidConfigException("m", "must divide training.batchSize (" + batchSize + "), got " + m);
        }
    }

    /** Builds {@link SharpnessSettings}; each value is checked by {@link #build()}. */
    public static final class Builder {
        private double rho = 0.05;
        private Integer m;
        private double epsilon = 1e-12;
        private double lossWeightDecay;
        private Set<ParameterRole> perturb = EnumSet.allOf(ParameterRole.class);
        private int every = 1;
        private double probability = 1;
        private int startEpoch;
        private RhoSchedule rhoSchedule = RhoSchedule.CONSTANT;
        private double rhoMin;

        private Builder() {}

        public Builder rho(double rho) {
            this.rho = rho;
            return this;
        }

        public Builder m(Integer m) {
            this.m = m;
            return this;
        }

        public Builder epsilon(double epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        public Builder lossWeightDecay(double lossWeightDecay) {
            this.lossWeightDecay = lossWeightDecay;
            return this;
        }

        public Builder perturb(Set<ParameterRole> perturb) {
            this.perturb = perturb;
            return this;
        }

        public Builder every(int every) {
            this.every = every;
            return this;
        }

        public Builder probability(double probability) {
            this.probability = probability;
            return this;
        }

        public Builder startEpoch(int startEpoch) {
            this.startEpoch = startEpoch;
            return this;
        }

        public Builder rhoSchedule(RhoSchedule rhoSchedule) {
            this.rhoSchedule = rhoSchedule;
            return this;
        }

        public Builder rhoMin(double rhoMin) {
            this.rhoMin = rhoMin;
            return this;
        }

        public SharpnessSettings build() {
            return new SharpnessSettings(
                    rho, m, epsilon, lossWeightDecay, perturb, every, probability, startEpoch, rhoSchedule, rhoMin);
        }
    }
}
