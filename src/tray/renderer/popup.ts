// The popup's entry point, bundled into one classic script by scripts/build-tray.js.
import { createTrayApi, type RawBridge } from '../bridge/create-tray-api.js';
import { TRAY_API_GLOBAL } from '../bridge/tray-api.js';
import { PopupController } from './popup-controller.js';

const bridge = (window as unknown as Partial<Record<string, RawBridge>>)[TRAY_API_GLOBAL];
const root = document.getElementById('app');
if (bridge === undefined || root === null) {
  throw new Error(
    `the popup needs window.${TRAY_API_GLOBAL} from the preload and an #app element.`,
  );
}
new PopupController(createTrayApi(bridge), root).start();
