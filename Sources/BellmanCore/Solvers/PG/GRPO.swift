/// GRPO, group-relative policy optimisation, as used to train language models (DESIGN §13),
/// on a softmax preference table.
///
///     Loop forever (for each group):
///         Draw a start state S_0
///         Generate G episodes from S_0 following pi_old (the policy as it stands)
///         R_i <- the sum of episode i's rewards
///         A_i <- (R_i - mean R) / (std R + 1e-8)      (population std; --no-std: no division)
///         theta <- theta + alpha/G sum_i sum_t A_i grad ln pi_old(A_t|S_t)
///
/// One update per group, so the policy that played is the one differentiated: no ratio, no
/// clipping. A group whose episodes all score the same teaches nothing (every A_i = 0).
public struct GRPO: GroupRelative {
    public static let info = MethodInfo(
        id: "grpo", family: .pg,
        summary: "group-relative: G episodes from one start, each scored against its group, A_i = (R_i - mean R) / std R",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .alpha, .group, .noStd, .prior, .priorNoise, .seed],
        // Standardised advantages are about 1 in size, a return's scale smaller than
        // REINFORCE's G: the step is larger to match.
        defaultAlpha: 1,
        make: { model, parameters in try GRPO(model: model, parameters: parameters) },
        driveRefusal: MethodInfo.onPolicyOnly, startsFromPolicy: true, maxAlpha: 100)

    var learner: Learner
    var theta: Preferences
    var group: Group

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "GRPO")
        theta = try Preferences(model: model, parameters: parameters)
        group = Group(size: parameters.group)
    }

    func advantages(_ R: [Double]) -> [Double] { Self.advantages(R, standardize: learner.parameters.standardize) }

    /// A_i = (R_i - mean R) / (std R + 1e-8), the population std; without `standardize`,
    /// R_i - mean R.
    static func advantages(_ R: [Double], standardize: Bool) -> [Double] {
        let n = Double(R.count)
        let mean = R.reduce(0, +) / n
        let std = (R.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        return R.map { standardize ? ($0 - mean) / (std + 1e-8) : $0 - mean }
    }
}
