import ArgumentParser
import BellmanCore
import BellmanTUI
import Foundation

/// `bellman bench`: the workloads of ../shared/bench/WORKLOADS.md through the product's path.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Throughput on the shared workloads (W1 value-iteration sweeps, W2 Q-learning steps, W3 MC-control steps, W4 value iteration on Jack's car rental, W5 Sarsa steps, W6 Expected Sarsa steps, W7 Dyna-Q updates (real and planning), W8 REINFORCE steps, W9 the 10-armed testbed) and the playground's frame time.",
        discussion: """
            Prints per workload the median figure over the repeats, the min-max and the checksums. Quote it as a ratio against the C reference run in the same sitting (Benchmarks/compare.sh).
            `view` renders 200 frames of the playground (120x40, the 31x31 maze, Q-learning under way: heatmap, arrows, panel, curves) per repeat and prints the median, min and max milliseconds per frame (render and diff, no terminal I/O).
            """)

    enum Which: String, ExpressibleByArgument, CaseIterable { case w1, w2, w3, w4, w5, w6, w7, w8, w9, view, all }
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "w1 to w9, view or all.")
    var workload: Which = .all

    @Option(name: .customLong("repeat"), help: "Runs per workload; the median is reported.")
    var repeats: Int = 3

    @Option(help: "Threads for W1's synchronous sweeps (default: the machine's cores, at most 8); the values do not depend on it.")
    var threads: Int?

    @Option(help: "Output: text, or json (one line per workload, the keys of ref.c).")
    var format: Format = .text

    @Option(help: "W8 only: another policy-gradient method on W8's world, budget and alpha, to compare its cost per step with REINFORCE's (the workload; ref.c has no figure for the others).")
    var method: String?

    func validate() throws {
        guard let method else { return }
        guard workload == .w8 else { throw ValidationError("--method goes with w8 (REINFORCE's workload), not \(workload.rawValue)") }
        let family = Methods.family(.pg).map(\.id)
        guard family.contains(method) else {
            throw ValidationError("--method \(method) is not a policy-gradient method; valid: \(family.joined(separator: ", "))")
        }
    }

    func run() throws {
        guard (1...100).contains(repeats) else { throw ValidationError("--repeat \(repeats) is out of range; valid: 1 to 100") }
        if let threads {
            // The solver's own rule for its threads, so the range is said in one place.
            var parameters = Parameters(gamma: 1)
            parameters.threads = threads
            do { try ParameterRules.check(parameters) } catch { throw ValidationError("\(error)") }
        }
        let workloads = workload == .all ? Workload.allCases : Workload(rawValue: workload.rawValue).map { [$0] } ?? []
        for w in workloads {
            let runs = try (0..<repeats).map { _ in
                try method.flatMap(Methods.named).map { try Workload.runW8($0) } ?? w.run(threads: threads)
            }
            let figures = runs.map(\.figure).sorted()
            let median = runs.sorted { $0.figure < $1.figure }[runs.count / 2]
            let peak = peakMemoryMB()
            switch format {
            case .text:
                let checks = median.checksums.map { "\($0.0) \(format($0.1))" }.joined(separator: "  ")
                try Console.out("\(w.rawValue)\(method.map { " " + $0 } ?? "")  \(sci(median.figure)) \(median.unit) (median of \(runs.count); min \(sci(figures.first!)), max \(sci(figures.last!)))  \(checks)  peak \(peak) MB")
            case .json:
                let checks = median.checksums.map { "\"\($0.0)\":\(format($0.1))" }.joined(separator: ",")
                try Console.out("{\"workload\":\"\(w.rawValue)\",\"impl\":\"bellman\",\(method.map { "\"method\":\"\($0)\"," } ?? "")\"seconds\":\(median.seconds),\"figure\":\(median.figure),\"min\":\(figures.first!),\"max\":\(figures.last!),\"unit\":\"\(median.unit)\",\(checks),\"peak_mb\":\(peak)}")
            }
        }
        if workload == .view || workload == .all { try benchView() }
    }

    /// The playground's frame time: render and diff of a 120x40 screen on the 31x31 maze.
    private func benchView() throws {
        let level = try LevelCatalog.load("maze-31")
        let results = (0..<repeats).map { _ in FrameBenchmark.run(level: level) }
        let frames = results.flatMap(\.milliseconds).sorted()
        let median = frames[frames.count / 2]
        let changed = results.map(\.changedCells).reduce(0, +) / Double(results.count)
        switch format {
        case .text:
            try Console.out(String(format: "view  %.3f ms per frame (median of %d frames; min %.3f, max %.3f)  120x40 on maze-31, %.0f cells changed per frame",
                         median, frames.count, frames.first!, frames.last!, changed))
        case .json:
            try Console.out(String(format: "{\"workload\":\"view\",\"impl\":\"bellman\",\"median_ms\":%.4f,\"min_ms\":%.4f,\"max_ms\":%.4f,\"frames\":%d,\"changed_cells\":%.0f}",
                         median, frames.first!, frames.last!, frames.count, changed))
        }
    }

    /// 1.05e8: printf rounds the mantissa (and carries into the exponent, 9.999e7 -> 1.00e8).
    private func sci(_ x: Double) -> String {
        let parts = String(format: "%.2e", x).split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return String(x) }
        return "\(parts[0])e\(exponent)"
    }

    private func format(_ x: Double) -> String {
        NumberText.plain(x) { String(format: "%.6f", $0) }
    }
}
