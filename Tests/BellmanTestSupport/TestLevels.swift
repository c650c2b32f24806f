/// Level files written for tests that more than one test target uses.
public enum TestLevels {
    /// A plain grid (no slip, no cliff, one reward) with two starts, so each episode draws
    /// one, and an episode cap of 7 that cuts most episodes: walls on the way, and wind-free.
    public static let cappedTwoStarts = """
        name = "two starts"
        gamma = 0.9
        step_reward = -1
        max_steps = 7
        map = \"\"\"
        S..#.
        .#..G
        ...#S
        \"\"\"
        """
}
