# 5.3.3 改进措施：模型并行：一步的流水线（GPipe，2 个 stage）
# Re-render by hand in this folder: gnuplot pipeline-gantt.gp  (reads pipeline-gantt.dat)
set encoding utf8
set datafile missing 'NaN'
set title '5.3.3 改进措施：模型并行：一步的流水线（GPipe，2 个 stage）'
set xlabel 'milliseconds from the start of rank 0''s step (gaps: waiting)'
set ylabel ''
set grid lc rgb '#e0e0e0'
set key outside right top box opaque
set yrange [7.5:-0.5]
set ytics ('M=1 rank 0 (conv)' 0, 'M=1 rank 1 (fc)' 1, 'M=2 rank 0 (conv)' 2, 'M=2 rank 1 (fc)' 3, 'M=4 rank 0 (conv)' 4, 'M=4 rank 1 (fc)' 5, 'M=8 rank 0 (conv)' 6, 'M=8 rank 1 (fc)' 7)
set grid noytics
set terminal pngcairo size 1120,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'pipeline-gantt.png'
plot 'pipeline-gantt.dat' index 0 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#1f77b4' title 'forward', \
     'pipeline-gantt.dat' index 1 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#d62728' title 'recompute (re-materialised forward)', \
     'pipeline-gantt.dat' index 2 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#2ca02c' title 'loss', \
     'pipeline-gantt.dat' index 3 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#ff7f0e' title 'backward', \
     'pipeline-gantt.dat' index 4 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#9467bd' title 'optimizer step'
unset output
set terminal svg size 1120,600 font 'WenQuanYi Micro Hei,11' background rgb 'white'
set output 'pipeline-gantt.svg'
plot 'pipeline-gantt.dat' index 0 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#1f77b4' title 'forward', \
     'pipeline-gantt.dat' index 1 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#d62728' title 'recompute (re-materialised forward)', \
     'pipeline-gantt.dat' index 2 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#2ca02c' title 'loss', \
     'pipeline-gantt.dat' index 3 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#ff7f0e' title 'backward', \
     'pipeline-gantt.dat' index 4 using (($1 + $2) / 2):3:1:2:($3 - 0.35):($3 + 0.35) with boxxyerror fill solid 0.85 noborder lc rgb '#9467bd' title 'optimizer step'
unset output
