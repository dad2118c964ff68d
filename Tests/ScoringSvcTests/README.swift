// Tests of the scoring engine live in this target (one file per engine concept).
