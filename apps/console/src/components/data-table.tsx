import { Key, ReactNode, useId } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Right-aligned, with tabular figures. */
  numeric?: boolean;
}

interface DataTableProps<T> {
  caption: ReactNode;
  /** Show the caption to screen readers only (the section heading already says it). */
  hideCaption?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => Key;
  /** Rows of one line each (long listings such as the audit trail); the box scrolls sideways instead. */
  compact?: boolean;
}

/**
 * A table that scrolls sideways inside its own box on narrow screens, so the page never does. The
 * box is focusable and named by the caption, so keyboard users can scroll it too.
 */
export function DataTable<T>({ caption, hideCaption, columns, rows, rowKey, compact }: DataTableProps<T>) {
  const captionId = useId();
  return (
    <div className="table-scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table className={compact ? 'table-compact' : undefined}>
        <caption id={captionId} className={hideCaption ? 'visually-hidden' : undefined}>
          {caption}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => (
            <tr key={rowKey(row, index)}>
              {columns.map((column) => (
                <td key={column.header} className={column.numeric ? 'num' : undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
