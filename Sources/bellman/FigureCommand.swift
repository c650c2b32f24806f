import ArgumentParser
import BellmanCore
import Foundation

/// `bellman figure` (DESIGN §11): the book's figures, one command each, beside the numbers the
/// book prints.
struct FigureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figure",
        abstract: "The book's figures, one command each: bellman figure lists them; bellman figure ID makes one and sets it beside the numbers the book prints.",
        discussion: """
            Each figure is a recipe file (levels/figures/ID.toml in the repository): the study that makes it, with the level's own parameters, and the book's reference points with their tolerances and where in the book each is. A path to your own recipe works too. Examples:
              bellman figure                      (the catalogue)
              bellman figure 6.3 --check          (exit 1 when a point is outside the book's tolerance)
              bellman figure ex6.2-right --runs 10 --svg ex6.2.svg
            """)

    @Argument(help: "A figure's id (bellman figure lists them) or a recipe file; none: the catalogue.")
    var figure: String?

    @Option(parsing: .unconditional, help: "Runs per series (default: the book's, as the recipe says), 1 to \(Race.maxRuns).")
    var runs: Int?

    @Flag(help: "Exit 1 when a reference point is outside its tolerance.")
    var check = false

    @Option(parsing: .unconditional, help: "Worker threads (the default is the number of cores); results do not depend on it.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var plot: SVGOption

    @Option(help: "Output: text (the figure and the book against Bellman), json or csv (the study's numbers).")
    var format: OutputFormat = .text

    func validate() throws {
        if let runs { try StudyOptions.check(runs: runs) }
        guard threads >= 1 && threads <= 256 else { throw ValidationError("--threads \(threads) is out of range; valid: 1 to 256") }
    }

    func run() throws {
        guard let figure else {
            if check || plot.svg != nil || runs != nil { throw ValidationError("name a figure: bellman figure ID (bellman figure lists them)") }
            return try list()
        }
        let svgFile = try plot.target()
        let recipe: FigureRecipe
        do { recipe = try FigureCatalog.load(figure) } catch {
            printError(error)
            throw ExitCode(1)
        }
        if svgFile != nil, recipe.kind == .values || recipe.kind == .policy {
            throw ValidationError("figure \(recipe.id) is a table of \(recipe.kind.rawValue == "values" ? "values" : "actions"), not a chart: its text and --format csv have it (--svg draws curve, sweep and scale figures)")
        }
        let result: FigureRun
        do {
            result = try FigureRun.run(recipe, runs: runs, threads: threads) { Console.runsDone("figure \(recipe.id)", $0, of: $1) }
        } catch {
            Console.progress(nil)
            printError("\(recipe.file): \(error)")
            throw ExitCode(1)
        }
        if let chart = FigureReport.svg(result) { try plot.write(chart.svg(), to: svgFile) }
        try format.print(text: FigureReport.text(result, width: Console.width), json: FigureReport.json(result), csv: FigureReport.csv(result))
        if check && !result.agrees { throw ExitCode(1) }
    }

    private func list() throws {
        let ids = FigureCatalog.ids
        guard !ids.isEmpty else {
            printError("no bundled figures were found; set BELLMAN_LEVELS to the folder of the bundled levels (levels/ in the repository)")
            throw ExitCode(1)
        }
        var recipes: [FigureRecipe] = []
        for id in ids {
            do { recipes.append(try FigureCatalog.load(id)) } catch {
                printError(error)
                throw ExitCode(1)
            }
        }
        try Console.out(FigureReport.list(recipes, width: Console.width), terminator: "")
    }
}
