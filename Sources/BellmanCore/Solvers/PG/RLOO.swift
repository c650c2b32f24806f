/// RLOO, REINFORCE leave-one-out (DESIGN §13): GRPO's groups with each episode's baseline
/// the mean of the others'.
///
///     Loop forever (for each group):
///         Draw a start state S_0
///         Generate G episodes from S_0 following pi_old (the policy as it stands)
///         R_i <- the sum of episode i's rewards
///         A_i <- R_i - (sum_{j != i} R_j) / (G - 1)
///         theta <- theta + alpha/G sum_i sum_t A_i grad ln pi_old(A_t|S_t)
///
/// The baseline leaves episode i out, so it does not depend on A_t: the estimate stays
/// unbiased.
public struct RLOO: GroupRelative {
    public static let info = MethodInfo(
        id: "rloo", family: .pg,
        summary: "leave-one-out: G episodes from one start, each scored against the mean of the others, A_i = R_i - mean_{j!=i} R_j",
        learnsQ: false, isPrediction: false,
        parameters: [.gamma, .alpha, .group, .prior, .priorNoise, .seed],
        defaultAlpha: 0.1,
        make: { model, parameters in try RLOO(model: model, parameters: parameters) },
        driveRefusal: MethodInfo.onPolicyOnly, startsFromPolicy: true, maxAlpha: 100)

    var learner: Learner
    var theta: Preferences
    var group: Group

    public init(model: Model, parameters: Parameters) throws {
        learner = try Learner(Self.info, model: model, parameters: parameters, episodic: "RLOO")
        theta = try Preferences(model: model, parameters: parameters)
        group = Group(size: parameters.group)
    }

    func advantages(_ R: [Double]) -> [Double] { Self.advantages(R) }

    /// A_i = R_i - mean of the other G - 1 rewards.
    static func advantages(_ R: [Double]) -> [Double] {
        let total = R.reduce(0, +), others = Double(R.count - 1)
        return R.map { $0 - (total - $0) / others }
    }
}
