/** Limits on the work {@link mapWithBudget} keeps in progress at once. */
export interface WorkBudget {
  /** Maximum number of items in progress, at least 1. */
  readonly maxItems: number;
  /** Maximum sum of the sizes of the items in progress; an item larger than this runs alone. */
  readonly maxBytes: number;
}

/**
 * Runs `task` on every item and resolves with the results in item order. Items start in order,
 * as long as the items in progress stay within both limits of `budget`, where `getSize` gives
 * an item's size in bytes. `onResult` receives each result in item order, as soon as it and
 * every earlier result are done. When a task or `onResult` throws, no further item starts, and
 * the map rejects with that error once the items in progress have settled.
 */
export function mapWithBudget<Item, Result>(
  items: readonly Item[],
  budget: WorkBudget,
  getSize: (item: Item) => number,
  task: (item: Item) => Promise<Result>,
  onResult: (result: Result, item: Item) => void = () => undefined,
): Promise<Result[]> {
  const results: Result[] = [];
  const isDone: boolean[] = [];
  let nextIndex = 0;
  let reportedCount = 0;
  let runningCount = 0;
  let runningBytes = 0;
  let failure: { error: Error } | null = null;

  return new Promise((resolve, reject) => {
    const settle = (): void => {
      if (runningCount > 0) {
        return;
      }
      if (failure !== null) {
        reject(failure.error);
      } else if (reportedCount === items.length) {
        resolve(results);
      }
    };

    const reportInOrder = (): void => {
      while (reportedCount < items.length && isDone[reportedCount] === true) {
        onResult(results[reportedCount] as Result, items[reportedCount] as Item);
        reportedCount += 1;
      }
    };

    const startItems = (): void => {
      while (failure === null && nextIndex < items.length && runningCount < budget.maxItems) {
        const index = nextIndex;
        const item = items[index] as Item;
        const size = getSize(item);
        if (runningCount > 0 && runningBytes + size > budget.maxBytes) {
          return;
        }
        nextIndex += 1;
        runningCount += 1;
        runningBytes += size;
        task(item)
          .then((result) => {
            results[index] = result;
            isDone[index] = true;
            if (failure === null) {
              reportInOrder();
            }
          })
          .catch((error: unknown) => {
            failure ??= { error: error instanceof Error ? error : new Error(String(error)) };
          })
          .finally(() => {
            runningCount -= 1;
            runningBytes -= size;
            startItems();
            settle();
          });
      }
    };

    startItems();
    settle();
  });
}
