using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace TinyMl.Cli
{
    /// <summary>
    /// How the tool talks to a person: Spectre.Console tables with borders and live progress bars
    /// when standard output / error are a terminal, plain aligned text and occasional progress lines
    /// otherwise (redirected output, CI logs, tests calling <see cref="Program.Run"/>).
    /// </summary>
    internal static class CliConsole
    {
        /// <summary>True when Main runs on a terminal (set once by <see cref="Program.Main"/>).</summary>
        public static bool Interactive { get; set; }

        /// <summary>
        /// True in the real process (set by <see cref="Program.Main"/>): long work reports progress
        /// even when not on a terminal. Off for in-process callers (tests) unless they set it.
        /// </summary>
        public static bool ReportProgress { get; set; }

        /// <summary>Plain progress lines are written at most this often (and not at all for short work).</summary>
        public static TimeSpan PlainInterval { get; set; } = TimeSpan.FromSeconds(2);

        /// <summary>Renders a table for the terminal (rounded borders).</summary>
        public static string Render(string[] header, System.Collections.Generic.List<string[]> rows, System.Collections.Generic.ISet<int> right)
        {
            var table = new Table().Border(TableBorder.Rounded);
            for (int c = 0; c < header.Length; c++)
            {
                var column = new TableColumn(new Text(header[c])) { NoWrap = true };
                if (right.Contains(c))
                {
                    column.RightAligned();
                }
                table.AddColumn(column);
            }
            foreach (string[] row in rows)
            {
                var cells = new IRenderable[row.Length];
                for (int c = 0; c < row.Length; c++)
                {
                    cells[c] = new Text(row[c]);
                }
                table.AddRow(cells);
            }
            var writer = new StringWriter();
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.Detect,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            });
            console.Profile.Width = Math.Max(80, Console.IsOutputRedirected ? 200 : Console.WindowWidth);
            console.Write(table);
            return writer.ToString();
        }

        /// <summary>
        /// Runs work that reports progress as done/total: a live progress bar on a terminal, else a
        /// line "what: done/total" on <paramref name="err"/> at most every <see cref="PlainInterval"/>
        /// (nothing when the work is quick).
        /// </summary>
        public static T WithProgress<T>(TextWriter err, string what, double total, Func<Action<double>, T> work)
        {
            if (ReportProgress && Interactive && !Console.IsErrorRedirected)
            {
                T result = default;
                IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                console.Progress()
                    .AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        ProgressTask task = ctx.AddTask(Markup.Escape(what), maxValue: Math.Max(1, total));
                        result = work(done => task.Value = done);
                        task.Value = task.MaxValue;
                    });
                return result;
            }
            if (!ReportProgress)
            {
                return work(_ => { });
            }
            // A line once the work has taken PlainInterval, then at every further 10 % (or
            // minute): enough to see it move, few enough lines for a CI log.
            var clock = Stopwatch.StartNew();
            TimeSpan next = PlainInterval;
            double reported = double.NegativeInfinity;
            return work(done =>
            {
                if (clock.Elapsed >= next && (done - reported >= total / 10 || clock.Elapsed >= next + TimeSpan.FromMinutes(1)))
                {
                    next = clock.Elapsed + PlainInterval;
                    reported = done;
                    err.WriteLine(what + ": " + done.ToString("0", CultureInfo.InvariantCulture) + "/" +
                                  total.ToString("0", CultureInfo.InvariantCulture) + " (" +
                                  clock.Elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s)");
                    err.Flush();
                }
            });
        }
    }
}
