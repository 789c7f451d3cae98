Attribute VB_Name = "ZahllaufRibbon"
Option Explicit

' The one callback of every button on the "Zahllauf" tab (onAction="ZahllaufRibbon.OnButton").
' It hands the pressed button's id to Python; zahllauf.ribbon.BUTTONS decides what runs,
' so a new button needs ribbon XML and Python only, never a change here.
' Button ids are lower-case ASCII (checked in Python), safe inside the quoted literal.
Public Sub OnButton(control As IRibbonControl)
    RunPython "import zahllauf.ribbon; zahllauf.ribbon.dispatch('" & control.Id & "')"
End Sub
