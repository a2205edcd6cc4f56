using System;
using System.Linq;

namespace TinyMl.Training
{
    /// <summary>Correlation figures for comparing int8 and float scores.</summary>
    public static class Statistics
    {
        public static double Pearson(double[] a, double[] b)
        {
            ArgumentNullException.ThrowIfNull(a);
            ArgumentNullException.ThrowIfNull(b);
            if (a.Length != b.Length || a.Length < 2) throw new ArgumentException("two series of the same length >= 2 are needed");
            double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
            for (int i = 0; i < a.Length; i++)
            {
                sab += (a[i] - ma) * (b[i] - mb);
                saa += (a[i] - ma) * (a[i] - ma);
                sbb += (b[i] - mb) * (b[i] - mb);
            }
            return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
        }

        /// <summary>Pearson correlation of the ranks (ties get their average rank).</summary>
        public static double Spearman(double[] a, double[] b) => Pearson(Ranks(a), Ranks(b));

        public static double[] Ranks(double[] v)
        {
            int[] order = Enumerable.Range(0, v.Length).OrderBy(i => v[i]).ToArray();
            var ranks = new double[v.Length];
            for (int i = 0; i < order.Length;)
            {
                int j = i;
                while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
                double rank = (i + j) / 2.0 + 1;
                for (int k = i; k <= j; k++) ranks[order[k]] = rank;
                i = j + 1;
            }
            return ranks;
        }
    }
}
