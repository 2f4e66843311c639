/**
 * Tabs with optional counts ("Hôm nay 12"). ←/→ move between tabs, Home/End jump, the panel
 * follows the focused tab; Tab moves into the panel. React Aria's Tabs underneath.
 */
import type { ReactNode } from 'react';
import { Tab, TabList, TabPanel, Tabs as AriaTabs, type Key } from 'react-aria-components';
import { UiLocale } from './locale';

export interface TabItem {
  id: string;
  label: string;
  /** A number shown after the label (items in that list); none when undefined. */
  count?: number;
  /** Highlights the count (e.g. items that need attention). */
  urgent?: boolean;
  content: ReactNode;
  disabled?: boolean;
}

export interface TabsProps {
  /** The tab list's accessible name. */
  label: string;
  items: readonly TabItem[];
  selected?: string;
  defaultSelected?: string;
  onSelectionChange?(id: string): void;
  className?: string;
  'data-testid'?: string;
}

export function Tabs({ label, items, selected, defaultSelected, onSelectionChange, className, 'data-testid': testId }: TabsProps) {
  return (
    <UiLocale>
      <AriaTabs
        className={`ui-tabs${className ? ` ${className}` : ''}`}
        {...(selected !== undefined ? { selectedKey: selected } : {})}
        {...(defaultSelected !== undefined ? { defaultSelectedKey: defaultSelected } : {})}
        onSelectionChange={(k: Key) => onSelectionChange?.(String(k))}
        disabledKeys={items.filter((i) => i.disabled).map((i) => i.id)}
        data-testid={testId}
      >
        <TabList aria-label={label} className="ui-tablist">
          {items.map((i) => (
            <Tab key={i.id} id={i.id} className="ui-tab" data-testid={testId ? `${testId}-${i.id}` : undefined}>
              <span>{i.label}</span>
              {i.count !== undefined && <span className="ui-count" data-urgent={i.urgent && i.count > 0 ? true : undefined}>{i.count}</span>}
            </Tab>
          ))}
        </TabList>
        {items.map((i) => <TabPanel key={i.id} id={i.id} className="ui-tabpanel">{i.content}</TabPanel>)}
      </AriaTabs>
    </UiLocale>
  );
}
