/**
 * The two charts drawn here rather than with @mantine/charts: ranked bars (a row per value,
 * each a button for the keyboard too) and the hour-of-week heatmap (7 × 24 cells, arrow keys
 * move between them). Both are plain SVG, so "Download PNG" draws them as they look.
 */
import { useElementSize } from '@mantine/hooks';
import { useState, type KeyboardEvent } from 'react';
import { formatNumber } from '../../lib/format';
import { formatShare, heatLevel, heatmapCellLabel, WEEKDAYS } from './analyticsModel';
import classes from './Analytics.module.css';

export interface RankedItem {
  value: string;
  label: string;
  count: number;
}

const ROW = 30;
const BAR = 16;

function activate(event: KeyboardEvent, run: () => void): void {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    run();
  }
}

/** Ranked horizontal bars: label, bar (against the biggest), count and share. "Other" is shown but not clickable. */
export function RankedBars({ items, otherCount, total, unit, onSelect }: { items: RankedItem[]; otherCount: number; total: number; unit: string; onSelect(item: RankedItem): void }) {
  const { ref, width } = useElementSize();
  const rows = otherCount > 0 ? [...items, { value: '\u0000other', label: 'Other', count: otherCount }] : items;
  const max = Math.max(1, ...rows.map((r) => r.count));
  const labelWidth = Math.min(170, Math.max(96, width * 0.3));
  const valueWidth = 96;
  const barSpace = Math.max(40, width - labelWidth - valueWidth - 16);
  const height = rows.length * ROW;
  return (
    <div ref={ref} style={{ width: '100%' }}>
      {width > 0 && (
        <svg data-chart width={width} height={height} className={classes.svgChart} role="group" aria-label={`${rows.length} values`}>
          {rows.map((row, index) => {
            const y = index * ROW;
            const barWidth = Math.max(row.count > 0 ? 3 : 0, (row.count / max) * barSpace);
            const other = row.value === '\u0000other';
            const name = `${row.label}: ${formatNumber(row.count)} ${unit} (${formatShare(row.count, total)})`;
            return (
              <g
                key={row.value}
                role={other ? 'img' : 'button'}
                tabIndex={other ? undefined : 0}
                aria-label={other ? name : `${name}. Open these contacts`}
                className={other ? classes.svgRowStatic : classes.svgRow}
                onClick={other ? undefined : () => onSelect(row)}
                onKeyDown={other ? undefined : (event) => activate(event, () => onSelect(row))}
              >
                <title>{name}</title>
                <rect className={classes.svgHit} x={0} y={y + 1} width={width} height={ROW - 2} rx={6} />
                <text className={classes.svgLabel} x={labelWidth - 10} y={y + ROW / 2} textAnchor="end" dominantBaseline="central">
                  {row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label}
                </text>
                <rect className={classes.svgTrack} x={labelWidth} y={y + (ROW - BAR) / 2} width={barSpace} height={BAR} rx={4} />
                <rect className={classes.svgBar} x={labelWidth} y={y + (ROW - BAR) / 2} width={barWidth} height={BAR} rx={4} />
                <text className={classes.svgValue} x={labelWidth + barSpace + 10} y={y + ROW / 2} dominantBaseline="central">
                  {formatNumber(row.count)}
                  <tspan className={classes.svgMuted} dx={6}>
                    {formatShare(row.count, total)}
                  </tspan>
                </text>
              </g>
            );
          })}
        </svg>
      )}
    </div>
  );
}

const HOUR_TICKS = [0, 3, 6, 9, 12, 15, 18, 21];

/** Conversations by weekday and hour; each cell says what it holds and opens its contacts. */
export function HourHeatmap({ heatmap, onSelect }: { heatmap: number[][]; onSelect(weekday: number, hour: number): void }) {
  const { ref, width } = useElementSize();
  const [focus, setFocus] = useState<[number, number]>([0, 9]);
  const max = Math.max(0, ...heatmap.flat());
  const left = 44;
  const cell = Math.max(10, (width - left) / 24);
  const rowHeight = Math.min(30, Math.max(18, cell * 0.8));
  const top = 20;
  const gridHeight = rowHeight * 7;
  const legendY = top + gridHeight + 18;

  const move = (event: KeyboardEvent, day: number, hour: number) => {
    const moves: Record<string, [number, number]> = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    const step = moves[event.key];
    if (step) {
      event.preventDefault();
      const next: [number, number] = [Math.min(6, Math.max(0, day + step[0])), Math.min(23, Math.max(0, hour + step[1]))];
      setFocus(next);
      ((event.currentTarget as SVGGraphicsElement).ownerSVGElement?.querySelector(`[data-cell="${next[0]}-${next[1]}"]`) as SVGElement | null)?.focus();
      return;
    }
    activate(event, () => onSelect(day, hour));
  };

  return (
    <div ref={ref} style={{ width: '100%' }}>
      {width > 0 && (
        <svg data-chart width={width} height={legendY + 22} className={classes.svgChart} role="grid" aria-label="Conversations by weekday and hour">
          {HOUR_TICKS.map((hour) => (
            <text key={hour} className={classes.svgMuted} x={left + hour * cell + 1} y={12}>
              {String(hour).padStart(2, '0')}:00
            </text>
          ))}
          {heatmap.map((row, day) => (
            <g key={day} role="row">
              <text className={classes.svgMuted} x={0} y={top + day * rowHeight + rowHeight / 2} dominantBaseline="central">
                {WEEKDAYS[day]?.slice(0, 3)}
              </text>
              {row.map((count, hour) => {
                const label = heatmapCellLabel(day, hour, count);
                const focused = focus[0] === day && focus[1] === hour;
                return (
                  <rect
                    key={hour}
                    role="gridcell"
                    data-cell={`${day}-${hour}`}
                    aria-label={label}
                    tabIndex={focused ? 0 : -1}
                    className={`${classes.heatCell} ${classes[`heat${heatLevel(count, max)}`]}`}
                    x={left + hour * cell + 1}
                    y={top + day * rowHeight + 1}
                    width={cell - 2}
                    height={rowHeight - 2}
                    rx={3}
                    onClick={() => {
                      setFocus([day, hour]);
                      onSelect(day, hour);
                    }}
                    onKeyDown={(event) => move(event, day, hour)}
                  >
                    <title>{label}</title>
                  </rect>
                );
              })}
            </g>
          ))}
          <g aria-hidden>
            <text className={classes.svgMuted} x={width - 6 * 16 - 44} y={legendY + 6} textAnchor="end" dominantBaseline="central">
              Fewer
            </text>
            {[0, 1, 2, 3, 4, 5].map((level) => (
              <rect key={level} className={classes[`heat${level}`]} x={width - 6 * 16 - 38 + level * 16} y={legendY} width={13} height={13} rx={3} />
            ))}
            <text className={classes.svgMuted} x={width - 34} y={legendY + 6} dominantBaseline="central">
              More
            </text>
            <text className={classes.svgMuted} x={left} y={legendY + 6} dominantBaseline="central">
              {max > 0 ? `Busiest hour: ${formatNumber(max)} conversations` : 'No conversations in this period'}
            </text>
          </g>
        </svg>
      )}
    </div>
  );
}
